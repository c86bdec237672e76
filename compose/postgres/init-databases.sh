#!/bin/sh
# Runs once, when the data volume is empty: one database and one unprivileged owner role per
# application, passwords from the compose secrets. Neither role is a superuser.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v commandeer_password="$(cat /run/secrets/commandeer_db_password)" \
  -v mattermost_password="$(cat /run/secrets/mattermost_db_password)" <<'SQL'
CREATE ROLE commandeer LOGIN PASSWORD :'commandeer_password';
CREATE DATABASE commandeer OWNER commandeer;
REVOKE ALL ON DATABASE commandeer FROM PUBLIC;
CREATE ROLE mattermost LOGIN PASSWORD :'mattermost_password';
CREATE DATABASE mattermost OWNER mattermost;
REVOKE ALL ON DATABASE mattermost FROM PUBLIC;
SQL
