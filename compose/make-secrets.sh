#!/bin/sh
# Creates the playground's secrets in compose/secrets (or the directory given): database
# passwords, a self-signed certificate for nginx, and random placeholder Mattermost tokens that
# you replace once Mattermost has made the real ones (README.md). Files that already exist are
# kept, so running it again never changes a password that a data volume already uses.
set -eu
dir="${1:-$(dirname "$0")/secrets}"
umask 077
mkdir -p "$dir"
chmod 700 "$dir"

for name in postgres_password commandeer_db_password mattermost_db_password \
            mm_bot_token mm_hook_token mm_slash_token; do
  [ -s "$dir/$name" ] || openssl rand -hex 24 > "$dir/$name"
done

if [ ! -s "$dir/playground_tls.crt" ] || [ ! -s "$dir/playground_tls.key" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 825 \
    -subj "/CN=nginx" -addext "subjectAltName=DNS:nginx,DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/playground_tls.key" -out "$dir/playground_tls.crt" 2>/dev/null
fi

# Compose mounts these files as they are, and the containers read them as other users
# (postgres 70, commandeer 10001, mattermost 2000, nginx's master without DAC_OVERRIDE), so the
# files are readable by all; the directory (0700) keeps other users of this machine out.
chmod 644 "$dir"/*
echo "secrets ready in $dir"
