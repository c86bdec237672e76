# syntax=docker/dockerfile:1
#
# Commandeer's container image: built from source in a Maven stage, run on a pinned Java 17 JRE.
#   docker build -t commandeer .
#   docker run -v ./commandeer.yaml:/etc/commandeer/commandeer.yaml:ro -p 8080:8080 commandeer
# Base images are pinned by exact version; for production builds add the digest as well
# (--build-arg JRE_IMAGE=eclipse-temurin:17.0.17_10-jre-noble@sha256:…).

ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-17
ARG JRE_IMAGE=eclipse-temurin:17.0.17_10-jre-noble

# ---- build: resolve dependencies once (layer + BuildKit cache), then package the jar ----
FROM ${MAVEN_IMAGE} AS build
# gcc builds commandeer-spawn, the native launcher (the pom's native-launcher profile).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY pom.xml ./
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q dependency:go-offline
COPY src/main ./src/main
# Tests run in CI (mvn verify), not in the image build.
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -q package -Dmaven.test.skip=true -Dspotless.check.skip=true
# The launcher also lives outside the jar: /tmp is often mounted noexec (compose's tmpfs).
RUN cp target/classes/dev/commandeer/exec/native/linux-*/commandeer-spawn target/commandeer-spawn

# ---- runtime ----
FROM ${JRE_IMAGE} AS runtime

# tini runs as PID 1: it forwards signals to the JVM and reaps the orphans that commands'
# subprocesses leave behind (the JVM reaps only its own children). curl serves HEALTHCHECK.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 commandeer \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin commandeer

# Each file in $SECRETS_DIR becomes an environment variable named after the file, so the
# config can say `value: ${MM_HOOK_TOKEN}` while the secret itself stays a file (compose
# secrets, a Kubernetes Secret volume). Programs that Commandeer runs get a clean environment,
# so they never see these values. A file named COMMANDEER_<SETTING> overrides that setting (for
# example COMMANDEER_STORE_URL); Commandeer rejects any other COMMANDEER_* name as unknown.
COPY --chmod=0555 <<'SCRIPT' /usr/local/bin/commandeer-entrypoint
#!/bin/sh
set -eu
dir="${SECRETS_DIR:-/run/secrets}"
if [ -d "$dir" ]; then
  for file in "$dir"/*; do
    [ -f "$file" ] || continue
    name=$(basename "$file")
    case "$name" in
      *[!A-Za-z0-9_]* | [0-9]*)
        echo "commandeer: secret file '$file' is not named like an environment variable" >&2
        exit 64
        ;;
    esac
    value=$(cat "$file")
    export "$name=$value"
  done
fi
# Heap at half the container's memory: subprocesses share the same memory limit. The class-data
# archive recorded at build time halves the start-up; a JVM that cannot use it starts without.
exec java -XX:MaxRAMPercentage=50 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp \
  -Dcommandeer.spawner=/opt/commandeer/commandeer-spawn \
  -XX:SharedArchiveFile=/opt/commandeer/commandeer.jsa -Xshare:auto \
  ${JAVA_OPTS:-} -jar /opt/commandeer/commandeer.jar "$@"
SCRIPT

COPY --from=build /build/target/commandeer.jar /opt/commandeer/commandeer.jar
COPY --from=build --chmod=0555 /build/target/commandeer-spawn /opt/commandeer/commandeer-spawn

# One training start (memory store, ready, one readiness check, graceful stop) records the classes
# the service loads into a class-data archive; the entrypoint maps it at every start instead of
# loading them anew.
RUN printf 'server: {host: 127.0.0.1, port: 18080}\n' >/tmp/training.yaml \
 && java -XX:ArchiveClassesAtExit=/opt/commandeer/commandeer.jsa -Dcommandeer.spawner=/opt/commandeer/commandeer-spawn \
      -jar /opt/commandeer/commandeer.jar serve --config /tmp/training.yaml --exit-when-ready \
 && rm /tmp/training.yaml \
 && test -s /opt/commandeer/commandeer.jsa

ENV SECRETS_DIR=/run/secrets \
    JAVA_OPTS=""
# `serve` without --config reads ./commandeer.yaml when present: mount it here.
WORKDIR /etc/commandeer
USER 10001:10001
EXPOSE 8080

HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS --max-time 2 -o /dev/null "http://127.0.0.1:${COMMANDEER_SERVER_PORT:-8080}/healthz" || exit 1

# -e 143: a JVM stopped by SIGTERM exits with 143; report that clean stop as 0.
ENTRYPOINT ["/usr/bin/tini", "-e", "143", "--", "/usr/local/bin/commandeer-entrypoint"]
CMD ["serve"]
