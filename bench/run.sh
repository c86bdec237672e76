#!/usr/bin/env bash
# Commandeer's benchmark. Every figure is measured against a reference started in the same run and
# printed as a ratio, because absolute numbers on a shared machine drift from run to run.
#
#   bash bench/run.sh            # P1..P5, prints the table (about 9 minutes on 2 cores)
#   bash bench/run.sh p1 p3      # only some figures
#   bash bench/run.sh soak [SECONDS]   # half of the peak rate for SECONDS (default 600)
#
# With P2 or P3, the run first measures the exec ceiling: bench/spawnloop.c (compiled with gcc; the
# row is left out without it), four loops per core starting and reaping /bin/echo. P3 has two rows:
# one /bin/echo started per reply, and the built-in echo typed in a thread (the outbox alone).
#
# Settings (environment): BENCH_SECONDS (length of one measured round, default 8), BENCH_ROUNDS
# (rounds per server, alternating, median kept; default 5), BENCH_WARMUP (seconds, default 40),
# BENCH_P3_WARMUP (default 60, for each of P3's rows), BENCH_CEILING_SECONDS (default 5),
# BENCH_THREADS (wrk -t, default 2), BENCH_CONNECTIONS (wrk -c for P1, default 64),
# BENCH_JAVA_OPTS (JVM flags for Commandeer and the Vert.x reference; default mirrors the shipped
# Kubernetes deployment: heap at half of a 512 MiB limit), BENCH_STORE_URL (PostgreSQL for P3,
# default postgresql://postgres@127.0.0.1:5432/test), BENCH_PORT_BASE (default 18080; uses 5 ports),
# BENCH_BUILD=1 (rebuild target/commandeer.jar first). All load goes to 127.0.0.1 and every load run
# is bounded by wrk -d.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
JAR="$ROOT/target/commandeer.jar"

SECONDS_PER_ROUND=${BENCH_SECONDS:-8}
ROUNDS=${BENCH_ROUNDS:-5}
WARMUP=${BENCH_WARMUP:-40}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
JAVA_OPTS_BENCH=${BENCH_JAVA_OPTS:--Xmx256m -XX:+ExitOnOutOfMemoryError}
STORE_URL=${BENCH_STORE_URL:-postgresql://postgres@127.0.0.1:5432/test}
PORT_BASE=${BENCH_PORT_BASE:-18080}
TOKEN=bench-token-0001

PORT_CMD=$PORT_BASE
PORT_BARE=$((PORT_BASE + 1))
PORT_WEBHOOK=$((PORT_BASE + 2))
PORT_MM=$((PORT_BASE + 3))
PORT_CMD2=$((PORT_BASE + 4))

WORK=$(mktemp -d /tmp/commandeer-bench.XXXXXX)
TABLE="$WORK/table.tsv"
PIDS=()

log() { printf '%s  %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  echo "$*" >"$WORK/failure"
  exit 1
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    stop_pid "$pid" 5 || true
  done
  stop_tagged
}

# Programs that Commandeer started for this run carry BENCH_TAG=$TAG in their environment; any
# still alive once Commandeer is gone are ended here, by process id.
rand_id() { (LC_ALL=C tr -dc 'a-z0-9' </dev/urandom 2>/dev/null || true) | head -c "$1"; }
TAG=$(rand_id 12)
stop_tagged() {
  local env pid
  for env in /proc/[0-9]*/environ; do
    pid=${env#/proc/}
    pid=${pid%/environ}
    if tr '\0' '\n' 2>/dev/null <"$env" | grep -qx "BENCH_TAG=$TAG"; then
      kill -TERM "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
# tools, build, processes

ensure_tools() {
  local missing=()
  command -v wrk >/dev/null || missing+=(wrk)
  command -v webhook >/dev/null || missing+=(webhook)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]})); then
    [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: apt-get install ${missing[*]}"
    log "installing ${missing[*]} from Debian"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  command -v javac >/dev/null || die "javac (a JDK 17) is needed for the reference servers"
}

ensure_jar() {
  if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f "$JAR" ]; then
    log "building $JAR"
    (cd "$ROOT" && mvn -B -q package -DskipTests -Dspotless.check.skip=true)
  fi
  mkdir -p "$WORK/classes"
  javac -nowarn -encoding UTF-8 -cp "$JAR" -d "$WORK/classes" "$HERE/Bare.java" "$HERE/FakeMattermost.java"
  # a jar, not a directory: a class-data archive (P5) accepts only jars on the class path
  jar cf "$WORK/bench.jar" -C "$WORK/classes" .
}

port_free() { ! ss -Htln "sport = :$1" | grep -q .; }

check_ports() {
  local p
  for p in "$@"; do
    port_free "$p" || die "port $p is taken; set BENCH_PORT_BASE"
  done
}

# start NAME CMD...: runs CMD in the background, its output in $WORK/NAME.log; sets STARTED_PID
start() {
  local name=$1
  shift
  "$@" >"$WORK/$name.log" 2>&1 &
  STARTED_PID=$!
  PIDS+=("$STARTED_PID")
}

stop_pid() {
  local pid=$1 wait_s=${2:-15} i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < wait_s * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# wait_ready URL PID SECONDS: polls until URL answers 200; fails when PID dies or time runs out
wait_ready() {
  local url=$1 pid=$2 limit=$3 deadline
  deadline=$(($(date +%s%N) + limit * 1000000000))
  while (($(date +%s%N) < deadline)); do
    kill -0 "$pid" 2>/dev/null || return 1
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$url" 2>/dev/null)" = 200 ]; then
      return 0
    fi
    sleep 0.005
  done
  return 1
}

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"; }
threads_of() { awk '/^Threads:/ {print $2}' "/proc/$1/status"; }

start_commandeer() { # NAME CONFIG PORT: starts and waits for /readyz; sets CMD_PID
  local name=$1 config=$2 port=$3
  # shellcheck disable=SC2086
  start "$name" java $JAVA_OPTS_BENCH -jar "$JAR" --config "$config"
  CMD_PID=$STARTED_PID
  CMD_LOG="$WORK/$name.log"
  wait_ready "http://127.0.0.1:$port/readyz" "$CMD_PID" 60 ||
    die "Commandeer ($name) did not become ready; see $WORK/$name.log"
}

start_mattermost() { # NAME; sets MM_PID
  # shellcheck disable=SC2086
  start "$1" java $JAVA_OPTS_BENCH -cp "$JAR:$WORK/bench.jar" FakeMattermost "$PORT_MM"
  MM_PID=$STARTED_PID
  wait_ready "http://127.0.0.1:$PORT_MM/stats" "$MM_PID" 60 || die "the fake Mattermost did not start"
}

start_bare() { # NAME PORT; sets BARE_PID
  # shellcheck disable=SC2086
  start "$1" java $JAVA_OPTS_BENCH -cp "$JAR:$WORK/bench.jar" Bare "$2"
  BARE_PID=$STARTED_PID
  wait_ready "http://127.0.0.1:$2/readyz" "$BARE_PID" 60 || die "the bare server did not start"
}

# ---------------------------------------------------------------------------------------------
# load and figures

nonce() { rand_id 8; }

# load NAME URL SECONDS CONNECTIONS [RATE] [LIMIT] [TEXT]: one wrk run; figures in $WORK/NAME.out.
# Post ids are NONCE (8 characters, default random) + thread + sequence number; EXPECT: see load.lua
load() {
  local name=$1 url=$2 secs=$3 conns=$4 rate=${5:-0} limit=${6:-0} text=${7:-echo hello}
  local threads=$THREADS
  ((conns < threads)) && threads=$conns
  BENCH_TOKEN=$TOKEN BENCH_TEXT=$text BENCH_PATH=$(path_of "$url") BENCH_RATE=$rate \
    BENCH_LIMIT=$limit BENCH_THREADS=$threads BENCH_NONCE=${NONCE:-$(nonce)} BENCH_OUT="$WORK/$name.out" \
    BENCH_EXPECT=${EXPECT:-} \
    wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 5s -s "$HERE/load.lua" "$(base_of "$url")" \
    >"$WORK/$name.wrk" 2>&1 || { check_alive; die "wrk failed: $(cat "$WORK/$name.wrk")"; }
  [ -s "$WORK/$name.out" ] || die "wrk wrote no figures: $(cat "$WORK/$name.wrk")"
  check_alive
}

# fails the figure when the Commandeer under test has exited, quoting why
check_alive() {
  [ -n "${CMD_PID:-}" ] || return 0
  kill -0 "$CMD_PID" 2>/dev/null && return 0
  local why
  why=$(grep -m1 -E 'Terminating|OutOfMemory|Exception|ERROR' "$CMD_LOG" | cut -c1-160)
  CMD_PID=
  die "Commandeer exited during the run: ${why:-see $CMD_LOG}"
}
# load_bg: as load, in the background; sets LOAD_PID (SIGINT ends wrk early, with its figures)
load_bg() {
  local name=$1 url=$2 secs=$3 conns=$4 rate=${5:-0} limit=${6:-0} text=${7:-echo hello}
  local threads=$THREADS
  ((conns < threads)) && threads=$conns
  BENCH_TOKEN=$TOKEN BENCH_TEXT=$text BENCH_PATH=$(path_of "$url") BENCH_RATE=$rate \
    BENCH_LIMIT=$limit BENCH_THREADS=$threads BENCH_NONCE=${NONCE:-$(nonce)} BENCH_OUT="$WORK/$name.out" \
    wrk -t"$threads" -c"$conns" -d"${secs}s" --timeout 5s -s "$HERE/load.lua" "$(base_of "$url")" \
    >"$WORK/$name.wrk" 2>&1 &
  LOAD_PID=$!
  PIDS+=("$LOAD_PID")
}
path_of() { local rest=${1#http://*/}; echo "/$rest"; }
base_of() { echo "${1%"$(path_of "$1")"}"; }

get() { awk -F= -v k="$2" '$1 == k {print $2}' "$WORK/$1.out"; } # get NAME KEY

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
calc() { awk "BEGIN {printf \"%.${2:-2}f\", $1}"; }
ok_if() { if awk "BEGIN {exit !($1)}"; then echo met; else echo MISSED; fi; }

record() { # FIGURE COMMANDEER REFERENCE RATIO TARGET VERDICT
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$TABLE"
  log "$1: Commandeer $2 | reference $3 | ratio $4 | target $5 | $6"
}

# throughput NAME-A URL-A NAME-B URL-B CONNS TEXT: warms both up, then alternates rounds A, B, A, B…
# Sets RPS_A and RPS_B (medians), RATIO (median of the per-round ratios: a round of A and the round
# of B right after it saw about the same machine), ERRORS_A and ERRORS_B (sums).
throughput() {
  local a=$1 url_a=$2 b=$3 url_b=$4 conns=$5 text=$6 r
  local rps_a=() rps_b=() ratios=()
  log "warming up $a and $b (${WARMUP}s each)"
  EXPECT=$EXPECT_A load "$a-warmup" "$url_a" "$WARMUP" "$conns" 0 0 "$text"
  EXPECT=$EXPECT_B load "$b-warmup" "$url_b" "$WARMUP" "$conns" 0 0 "$text"
  ERRORS_A=0
  ERRORS_B=0
  for ((r = 1; r <= ROUNDS; r++)); do
    EXPECT=$EXPECT_A load "$a-$r" "$url_a" "$SECONDS_PER_ROUND" "$conns" 0 0 "$text"
    EXPECT=$EXPECT_B load "$b-$r" "$url_b" "$SECONDS_PER_ROUND" "$conns" 0 0 "$text"
    rps_a+=("$(get "$a-$r" rps)")
    rps_b+=("$(get "$b-$r" rps)")
    ratios+=("$(calc "${rps_a[-1]} / ${rps_b[-1]}" 3)")
    # an answer without the expected text (a refusal, "queued", an error) counts as an error
    ERRORS_A=$((ERRORS_A + $(get "$a-$r" errors) + $(get "$a-$r" unexpected)))
    ERRORS_B=$((ERRORS_B + $(get "$b-$r" errors) + $(get "$b-$r" unexpected)))
    log "round $r: $a ${rps_a[-1]}/s (errors $(get "$a-$r" errors), unexpected answers $(get "$a-$r" unexpected))," \
      "$b ${rps_b[-1]}/s (errors $(get "$b-$r" errors), unexpected $(get "$b-$r" unexpected)), ratio ${ratios[-1]}"
  done
  RPS_A=$(median "${rps_a[@]}")
  RPS_B=$(median "${rps_b[@]}")
  RATIO=$(calc "$(median "${ratios[@]}")")
}

# latency NAME-A URL-A NAME-B URL-B CONNS RATE TEXT: alternating paced rounds at RATE req/s.
# Sets P99_A, P99_B, P50_A (medians over rounds), ACHIEVED_A (median req/s), ERRORS_A (sum).
latency() {
  local a=$1 url_a=$2 b=$3 url_b=$4 conns=$5 rate=$6 text=$7 r
  local p99_a=() p99_b=() p50_a=() got_a=()
  ERRORS_A=0
  for ((r = 1; r <= ROUNDS; r++)); do
    EXPECT=$EXPECT_A load "$a-$r" "$url_a" "$SECONDS_PER_ROUND" "$conns" "$rate" 0 "$text"
    EXPECT=$EXPECT_B load "$b-$r" "$url_b" "$SECONDS_PER_ROUND" "$conns" "$rate" 0 "$text"
    p99_a+=("$(get "$a-$r" p99_ms)")
    p99_b+=("$(get "$b-$r" p99_ms)")
    p50_a+=("$(get "$a-$r" p50_ms)")
    got_a+=("$(get "$a-$r" rps)")
    ERRORS_A=$((ERRORS_A + $(get "$a-$r" errors) + $(get "$a-$r" unexpected)))
    log "round $r at $rate/s: $a p50 ${p50_a[-1]} ms p99 ${p99_a[-1]} ms ($(get "$a-$r" rps)/s), $b p99 ${p99_b[-1]} ms"
  done
  P99_A=$(median "${p99_a[@]}")
  P99_B=$(median "${p99_b[@]}")
  P50_A=$(median "${p50_a[@]}")
  ACHIEVED_A=$(median "${got_a[@]}")
}

# P1 and P2's service. running: 64 is above every -c used, so no run ever waits for a slot:
# a waiting run would be answered "queued" at once, and P2 would time answers, not programs.
config_inline() { # PORT FILE
  cat >"$2" <<YAML
server: {host: 127.0.0.1, port: $1, inlineBudget: 2s, shutdownGrace: 2s}
tokens: [{name: bench, value: $TOKEN}]
commands:
  echo: {builtin: echo}
  say:
    run: [/bin/echo, "{text}"]
    args: [{name: text, rest: true}]
    reply: inline
limits: {running: 64, queue: 20000, perUser: none}
YAML
}

# ---------------------------------------------------------------------------------------------
# The exec ceiling: /bin/echo started and reaped by C loops (bench/spawnloop.c), four per core,
# on a quiet machine. P2 and P3's program row start one program per request or reply; neither can
# go faster than this. Sets CEILING (per second, all cores), or leaves it empty when not measured.

CEILING=""
exec_ceiling() {
  local secs=${BENCH_CEILING_SECONDS:-5} cores loops i pid pids=()
  if ! command -v gcc >/dev/null; then
    log "gcc not found: the exec ceiling is not measured"
    return 0
  fi
  if ! gcc -O2 -Wall -o "$WORK/spawnloop" "$HERE/spawnloop.c" >"$WORK/spawnloop-gcc.log" 2>&1; then
    log "bench/spawnloop.c did not compile (see $WORK/spawnloop-gcc.log): the exec ceiling is not measured"
    return 0
  fi
  cores=$(nproc)
  # a loop waits for each child it starts: with one per core the cores sit idle in between
  loops=$((cores * 4))
  log "exec ceiling: $loops loops of posix_spawn + waitpid of /bin/echo for ${secs}s"
  for ((i = 1; i <= loops; i++)); do
    "$WORK/spawnloop" "$secs" >"$WORK/ceiling-$i.out" 2>&1 &
    pids+=("$!")
    PIDS+=("$!")
  done
  for pid in "${pids[@]}"; do
    if ! wait "$pid"; then
      log "a spawn loop failed ($(cat "$WORK"/ceiling-*.out | grep -v '=' | head -1)): the exec ceiling is not measured"
      return 0
    fi
  done
  CEILING=$(awk -F= '$1 == "rate" {sum += $2} END {printf "%.0f", sum}' "$WORK"/ceiling-*.out)
  record "exec ceiling: /bin/echo started and reaped per second by C loops on all $cores cores, doing nothing else (sum of $loops loops, ${secs}s)" \
    "-" "$CEILING" "-" "bound for P2 and P3's program row" "measured"
}

# ceiling_note NEEDED: what the figure's target needs against the ceiling, for labels and logs
ceiling_note() {
  if [ -z "$CEILING" ]; then
    echo "exec ceiling not measured"
  elif awk "BEGIN {exit !($1 > $CEILING)}"; then
    echo "above the exec ceiling of $CEILING/s"
  else
    echo "exec ceiling $CEILING/s"
  fi
}

# ---------------------------------------------------------------------------------------------
# P1: echo through the whole path vs a bare Vert.x form handler

p1() {
  log "P1: inline built-in (echo) vs a bare Vert.x handler"
  check_ports "$PORT_CMD" "$PORT_BARE"
  config_inline "$PORT_CMD" "$WORK/p1.yaml"
  start_commandeer p1-commandeer "$WORK/p1.yaml" "$PORT_CMD"
  local cmd=$CMD_PID
  start_bare p1-bare "$PORT_BARE"
  local bare=$BARE_PID
  EXPECT_A='"hello"' EXPECT_B='"echo hello"'
  throughput cmd "http://127.0.0.1:$PORT_CMD/hooks/mattermost" bare \
    "http://127.0.0.1:$PORT_BARE/hooks/echo" "$CONNECTIONS" "echo hello"
  local peak=$RPS_A
  record "P1 throughput, echo inline (req/s, c=$CONNECTIONS)" "$RPS_A" "$RPS_B" "$RATIO" ">= 0.70" \
    "$(ok_if "$RATIO >= 0.70 && $ERRORS_A == 0")"
  local rate
  rate=$(calc "$peak / 2" 0)
  log "P1 latency at half of Commandeer's peak: $rate req/s"
  latency cmd-half "http://127.0.0.1:$PORT_CMD/hooks/mattermost" bare-half \
    "http://127.0.0.1:$PORT_BARE/hooks/echo" "$CONNECTIONS" "$rate" "echo hello"
  record "P1 p99 latency at $rate req/s, half the peak (ms; p50 $P50_A, achieved $ACHIEVED_A/s)" \
    "$P99_A" "$P99_B" "$(calc "$P99_A / $P99_B")" "< 5 ms" \
    "$(ok_if "$P99_A < 5 && $ERRORS_A == 0")"
  stop_pid "$cmd"
  stop_pid "$bare"
}

# ---------------------------------------------------------------------------------------------
# P2: a program answered inline vs adnanh/webhook running the same program

p2() {
  log "P2: /bin/echo inline vs adnanh/webhook"
  check_ports "$PORT_CMD" "$PORT_WEBHOOK"
  config_inline "$PORT_CMD" "$WORK/p2.yaml"
  cat >"$WORK/hooks.json" <<JSON
[
  {
    "id": "say",
    "execute-command": "/bin/echo",
    "include-command-output-in-response": true,
    "pass-arguments-to-command": [{"source": "payload", "name": "text"}],
    "trigger-rule": {"match": {"type": "value", "value": "$TOKEN",
                               "parameter": {"source": "payload", "name": "token"}}}
  }
]
JSON
  start_commandeer p2-commandeer "$WORK/p2.yaml" "$PORT_CMD"
  local cmd=$CMD_PID
  start p2-webhook webhook -hooks "$WORK/hooks.json" -ip 127.0.0.1 -port "$PORT_WEBHOOK"
  local hook=$STARTED_PID
  local i
  for ((i = 0; i < 100; i++)); do
    ! port_free "$PORT_WEBHOOK" && break
    sleep 0.1
  done
  # both must really run the program: check one answer of each
  local a b
  a=$(curl -s "http://127.0.0.1:$PORT_CMD/hooks/mattermost" -d "token=$TOKEN" -d "text=say hello bench" -d user_name=bench -d user_id=u1 -d channel_id=c1)
  b=$(curl -s "http://127.0.0.1:$PORT_WEBHOOK/hooks/say" -d "token=$TOKEN" -d "text=say hello bench")
  case "$a" in *"hello bench"*) ;; *) die "Commandeer's say answered: $a" ;; esac
  case "$b" in *"hello bench"*) ;; *) die "webhook's say answered: $b" ;; esac
  # every answer must carry the program's output: Commandeer's report says "exit 0", webhook's is
  # the output itself; a "queued" or "busy" answer would count as an error
  EXPECT_A='exit 0' EXPECT_B='say hello'
  throughput cmd-say "http://127.0.0.1:$PORT_CMD/hooks/mattermost" webhook \
    "http://127.0.0.1:$PORT_WEBHOOK/hooks/say" 32 "say hello {id}"
  # 1.3x webhook needs this many programs started per second: can the machine start them at all?
  local needed
  needed=$(calc "$RPS_B * 1.3" 0)
  log "P2: 1.3x webhook needs $needed programs/s; $(ceiling_note "$needed")"
  record "P2 throughput, /bin/echo inline (req/s, c=32; 1.3x webhook needs $needed/s, $(ceiling_note "$needed"))" \
    "$RPS_A" "$RPS_B" "$RATIO" ">= 1.30" "$(ok_if "$RATIO >= 1.30 && $ERRORS_A == 0")"
  stop_pid "$cmd"
  stop_pid "$hook"
}

# ---------------------------------------------------------------------------------------------
# P3: replies that come later, through the PostgreSQL outbox, to a fake Mattermost. Two rows, one
# Commandeer: `later` starts /bin/echo for every reply (bound by the exec ceiling), `echo` typed
# inside a thread is answered by a built-in, so the row measures the outbox without a program.

p3() {
  log "P3: durable later replies (PostgreSQL store, fake Mattermost)"
  check_ports "$PORT_CMD" "$PORT_MM"
  # pg_isready takes libpq's URL, which knows no ?schema=: the server is asked without the query
  command -v pg_isready >/dev/null && { pg_isready -q -d "${STORE_URL%%\?*}" || die "PostgreSQL at $STORE_URL is not ready"; }
  start_mattermost p3-mattermost
  local mm=$MM_PID
  cat >"$WORK/p3.yaml" <<YAML
server: {host: 127.0.0.1, port: $PORT_CMD, inlineBudget: 2s, shutdownGrace: 10s}
tokens: [{name: bench, value: $TOKEN}]
mattermost: {url: "http://127.0.0.1:$PORT_MM", botToken: bench-bot-token}
store: {url: "$P3_URL"}
commands:
  later:
    run: [/bin/echo, "{text}"]
    args: [{name: text, rest: true}]
    reply: thread
  echo: {builtin: echo}
limits: {running: 8, queue: 20000, perUser: none}
YAML
  start_commandeer p3-commandeer "$WORK/p3.yaml" "$PORT_CMD"
  local cmd=$CMD_PID
  p3_program
  p3_thread
  stop_pid "$cmd" 20
  stop_pid "$mm"
  drop_p3_schema
}

# P3 gets a schema of its own (unless BENCH_STORE_URL names one): rows left by earlier runs, and
# their dead versions on a server without autovacuum, would make runs differ
P3_URL=$STORE_URL
P3_SCHEMA=""
case "$STORE_URL" in
  *\?*chema=*) ;;
  *\?*) P3_SCHEMA=bench_$TAG P3_URL="$STORE_URL&schema=$P3_SCHEMA" ;;
  *) P3_SCHEMA=bench_$TAG P3_URL="$STORE_URL?schema=$P3_SCHEMA" ;;
esac
drop_p3_schema() {
  [ -n "$P3_SCHEMA" ] && command -v psql >/dev/null || return 0
  psql -XAtq -d "${STORE_URL%%\?*}" -c "DROP SCHEMA IF EXISTS $P3_SCHEMA CASCADE" >/dev/null 2>&1 ||
    log "could not drop the schema $P3_SCHEMA"
}

# p3_warmup NAME TEXT MODE: sets the fake's mode (its /reset query, e.g. threads=1), then a warm-up
# load whose replies are all out before counting starts (they would compete); the caller resets the
# fake again before counting.
p3_warmup() {
  local name=$1 text=$2 mode=$3 warm=${BENCH_P3_WARMUP:-60}
  curl -s -X POST "http://127.0.0.1:$PORT_MM/reset?$mode" >/dev/null
  # this path has much more code to compile than P1's: on 2 busy cores the JIT needs ~60 s
  log "$name: warming up (${warm}s; these replies are not counted)"
  load "$name-warmup" "http://127.0.0.1:$PORT_CMD/hooks/mattermost" "$warm" 32 0 0 "$text"
  log "$name: waiting for the warm-up's replies to be delivered"
  wait_quiet 120 || log "$name: the warm-up's replies were still coming after 120 s"
}

# P3, program row: /bin/echo with reply: thread. The "⏳" placeholder shows a request was accepted,
# the edit into the final reply carries its post id.
p3_program() {
  local secs=$((SECONDS_PER_ROUND * 2)) nonce
  p3_warmup p3 "later warm {id}" ""
  nonce=$(nonce)
  curl -s -X POST "http://127.0.0.1:$PORT_MM/reset?run=$nonce" >/dev/null
  log "P3: ${secs}s of webhooks, then waiting for every reply"
  local t0
  t0=$(date +%s%N)
  NONCE=$nonce load p3 "http://127.0.0.1:$PORT_CMD/hooks/mattermost" "$secs" 32 0 0 "later bench {id}"
  wait_delivered p3 30 >"$WORK/p3.stats" || log "P3: replies stopped coming before all were delivered"
  local stats accepted delivered duplicates missing rate took
  stats=$(cat "$WORK/p3.stats")
  accepted=$(json_field "$stats" accepted)
  delivered=$(json_field "$stats" delivered)
  duplicates=$(json_field "$stats" duplicates)
  missing=$(json_field "$stats" missing)
  took=$(calc "($(cat "$WORK/p3.done_at") - $t0) / 1e9" 1)
  rate=$(calc "$delivered / $took" 0)
  log "P3: $accepted accepted ($(get p3 rps) webhooks/s, p50 $(get p3 p50_ms) ms), $delivered delivered" \
    "in ${took}s, $missing missing, $duplicates duplicates; 2,000/s: $(ceiling_note 2000); fake Mattermost: $stats"
  record "P3 replies/s via the PostgreSQL outbox, one /bin/echo started per reply (\`later\`, reply: thread; $delivered of $accepted; $missing missing, $duplicates twice; $(ceiling_note 2000))" \
    "$rate" "2000" "$(calc "$rate / 2000")" ">= 2000/s, each once" \
    "$(ok_if "$rate >= 2000 && $missing == 0 && $duplicates == 0 && $delivered == $accepted")"
}

# P3, outbox row: the built-in echo typed inside a thread. Mattermost refuses a webhook's comment on
# a thread reply, so Commandeer looks the root up and posts the answer into it through the outbox;
# the fake runs in thread mode (see FakeMattermost). No placeholder is posted on this path: wrk sends
# exactly N webhooks and counts the answers; "accepted" is a 200 with an empty body ({}: the bot
# posts the reply). With every one of the N accepted, the fake's distinct post ids of this run are a
# subset of them, so missing = N - delivered exactly; otherwise the row fails.
p3_thread() {
  local secs=$((SECONDS_PER_ROUND * 2)) nonce n warm_rps
  p3_warmup p3-thread "echo bench {id}" "threads=1"
  # N: the 2,000/s target's worth of the figure's seconds, or the warm-up's rate's if that is higher
  warm_rps=$(get p3-thread-warmup rps)
  n=$(calc "($warm_rps > 2000 ? $warm_rps : 2000) * $secs" 0)
  nonce=$(nonce)
  curl -s -X POST "http://127.0.0.1:$PORT_MM/reset?threads=1&run=$nonce" >/dev/null
  log "P3, echo in a thread: $n webhooks (at most $((secs * 10))s), then waiting for every reply"
  local t0
  t0=$(date +%s%N)
  NONCE=$nonce load_bg p3-thread "http://127.0.0.1:$PORT_CMD/hooks/mattermost" "$((secs * 10))" 32 0 "$n" \
    "echo bench {id}"
  wait_delivered p3-thread 30 "$n" >"$WORK/p3-thread.stats" ||
    log "P3, echo in a thread: replies stopped coming before all were delivered"
  kill -INT "$LOAD_PID" 2>/dev/null || true
  wait "$LOAD_PID" || true
  check_alive
  [ -s "$WORK/p3-thread.out" ] || die "wrk wrote no figures: $(cat "$WORK/p3-thread.wrk")"
  local stats sent ok later failed unanswered delivered duplicates wrong in_root foreign missing took rate
  stats=$(cat "$WORK/p3-thread.stats")
  sent=$(get p3-thread hooks_sent)
  ok=$(get p3-thread hooks_ok)
  later=$(get p3-thread hooks_later)
  failed=$(get p3-thread hooks_failed)
  unanswered=$((sent - ok - failed))
  delivered=$(json_field "$stats" delivered)
  duplicates=$(json_field "$stats" duplicates)
  wrong=$(json_field "$stats" wrong_thread)
  in_root=$(json_field "$stats" in_root)
  foreign=$(json_field "$stats" foreign)
  # exact when all N were accepted (the verdict needs that); otherwise a lower bound
  missing=$((later > delivered ? later - delivered : 0))
  took=$(calc "($(cat "$WORK/p3-thread.done_at") - $t0) / 1e9" 1)
  rate=$(calc "$delivered / $took" 0)
  # the database's own account: this run's replies in the outbox table, by state
  local rows outbox_delivered="" outbox_note="outbox rows not counted (no psql)"
  if rows=$(outbox_rows "$nonce"); then
    outbox_delivered=$(echo "$rows" | awk -F'|' '$1 == "delivered" {print $2}')
    outbox_delivered=${outbox_delivered:-0}
    outbox_note="$outbox_delivered outbox rows delivered"
    log "P3, echo in a thread: outbox rows of this run by state: $(echo "$rows" | tr '\n' ' ')"
  fi
  log "P3, echo in a thread: $sent sent, $ok answered 200 ($later with {}, $((ok - later)) with an inline" \
    "answer), $failed refused, $unanswered unanswered; $delivered delivered in ${took}s ($in_root into" \
    "the root, $wrong elsewhere), $missing missing, $duplicates duplicates, $foreign of earlier runs;" \
    "$outbox_note; fake Mattermost: $stats"
  record "P3 replies/s via the PostgreSQL outbox without a program: built-in echo typed in a thread, posted into its root ($delivered of $later accepted, $n sent; $missing missing, $duplicates twice, $wrong in another thread; $outbox_note)" \
    "$rate" "2000" "$(calc "$rate / 2000")" ">= 2000/s, each once" \
    "$(ok_if "$rate >= 2000 && $sent == $n && $later == $n && $delivered == $n && $in_root == $n && $duplicates == 0 && $wrong == 0 && ${outbox_delivered:-$n} == $n")"
}

# outbox_rows PREFIX: "state|count" lines for the outbox's posts whose text carries a post id that
# starts with PREFIX; fails when psql is not installed
outbox_rows() {
  command -v psql >/dev/null || return 1
  local schema="" # from ?schema= or ?currentSchema=, which libpq does not know
  case "$P3_URL" in *\?*chema=*) schema=${P3_URL##*chema=} schema=${schema%%&*} ;; esac
  PGOPTIONS=${schema:+"-c search_path=$schema"} psql -XAtq -d "${P3_URL%%\?*}" -c \
    "SELECT state, count(*) FROM outbox WHERE kind = 'create_post' AND payload LIKE '%bench $1%' GROUP BY state"
}

# wait_quiet SECONDS: until the fake Mattermost has had no call for 3 s (at most SECONDS)
wait_quiet() {
  local limit=$1 stats last="" same=0 t0=$SECONDS
  while ((SECONDS - t0 < limit)); do
    stats=$(curl -s "http://127.0.0.1:$PORT_MM/stats")
    if [ "$stats" = "$last" ]; then
      ((++same >= 6)) && return 0
    else
      same=0
      last=$stats
    fi
    sleep 0.5
  done
  return 1
}

json_field() { echo "$1" | tr -d ' {}"' | tr ',' '\n' | awk -F: -v k="$2" '$1 == k {print $2}'; }

# wait_delivered NAME SECONDS [EXPECTED]: waits until every request the fake Mattermost saw accepted
# (or EXPECTED requests) has its final reply, or nothing moved for SECONDS; prints its stats and
# writes when the last reply came to $WORK/NAME.done_at
wait_delivered() {
  local name=$1 idle=$2 expected=${3:-} stats accepted delivered last=-1 still=0
  date +%s%N >"$WORK/$name.done_at"
  while :; do
    stats=$(curl -s "http://127.0.0.1:$PORT_MM/stats")
    accepted=${expected:-$(json_field "$stats" accepted)}
    delivered=$(json_field "$stats" delivered)
    if [ "$delivered/$accepted" != "$last" ]; then
      [ "$delivered" != "${last%/*}" ] && date +%s%N >"$WORK/$name.done_at"
      last=$delivered/$accepted
      still=0
    fi
    if ((delivered >= accepted && still >= 20)); then # 2 s without change: late duplicates show now
      curl -s "http://127.0.0.1:$PORT_MM/stats"
      return 0
    fi
    ((still++ > idle * 10)) && { echo "$stats"; return 1; }
    sleep 0.1
  done
}

# ---------------------------------------------------------------------------------------------
# P4: 10,000 slow commands queued behind a small concurrency limit

p4() {
  log "P4: 10,000 slow commands queued behind running: 2"
  check_ports "$PORT_CMD" "$PORT_MM"
  start_mattermost p4-mattermost
  local mm=$MM_PID
  cat >"$WORK/p4.yaml" <<YAML
server: {host: 127.0.0.1, port: $PORT_CMD, inlineBudget: 2s, shutdownGrace: 1s}
tokens: [{name: bench, value: $TOKEN}]
mattermost: {url: "http://127.0.0.1:$PORT_MM", botToken: bench-bot-token}
commands:
  slow: {run: [/bin/sleep, "20"], timeout: 1m, env: {BENCH_TAG: "$TAG"}}
limits: {running: 2, queue: 20000, perUser: none}
YAML
  start_commandeer p4-commandeer "$WORK/p4.yaml" "$PORT_CMD"
  local cmd=$CMD_PID
  sleep 2
  local rss0 thr0
  rss0=$(rss_mb "$cmd")
  thr0=$(threads_of "$cmd")
  # sample memory and threads while the queue fills and for a while after
  (
    while kill -0 "$cmd" 2>/dev/null; do
      echo "$(rss_mb "$cmd") $(threads_of "$cmd")"
      sleep 0.2
    done
  ) >"$WORK/p4.samples" 2>/dev/null &
  local sampler=$!
  # every accepted command gets a placeholder post ("⏳ waiting…") at once, or after the inline
  # budget for the two that run: wrk is stopped once all 10,000 are there (at most 60 s)
  load_bg p4 "http://127.0.0.1:$PORT_CMD/hooks/mattermost" 60 64 0 10000 "slow"
  local t0 placeholders=0
  t0=$(date +%s)
  while kill -0 "$LOAD_PID" 2>/dev/null && (($(date +%s) - t0 < 60)); do
    placeholders=$(json_field "$(curl -s "http://127.0.0.1:$PORT_MM/stats")" creates)
    ((placeholders >= 10000)) && break
    sleep 0.5
  done
  local accept_s=$(($(date +%s) - t0))
  sleep 1
  kill -INT "$LOAD_PID" 2>/dev/null || true
  wait "$LOAD_PID" || true
  [ -s "$WORK/p4.out" ] || die "wrk wrote no figures: $(cat "$WORK/p4.wrk")"
  sleep 3
  local queued
  queued=$(curl -s "http://127.0.0.1:$PORT_CMD/metrics" | awk '/^commandeer_runs_queued/ {printf "%d", $2}')
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  local rss_max thr_max accepted
  rss_max=$(awk 'BEGIN {m = 0} $1 > m {m = $1} END {print m}' "$WORK/p4.samples")
  thr_max=$(awk 'BEGIN {m = 0} $2 > m {m = $2} END {print m}' "$WORK/p4.samples")
  accepted=$(get p4 hooks_ok)
  log "P4: $accepted accepted in about ${accept_s}s ($(get p4 hooks_later) answered later," \
    "$(get p4 hooks_failed) refused or failed), $placeholders placeholder posts, $queued still queued"
  record "P4 peak resident memory, $accepted accepted, $queued queued (MB; ref = idle)" "$rss_max" "$rss0" \
    "$(calc "$rss_max / $rss0")" "< 300 MB" "$(ok_if "$rss_max < 300 && $accepted == 10000")"
  record "P4 peak threads, $queued queued (ref = idle)" "$thr_max" "$thr0" \
    "$(calc "$thr_max / $thr0")" "none per waiting command" \
    "$(ok_if "$thr_max - $thr0 < 100 && $queued >= 9000")"
  stop_pid "$cmd" 20
  stop_tagged
  stop_pid "$mm"
}

# ---------------------------------------------------------------------------------------------
# P5: start-up time and idle memory, against the bare Vert.x server

p5() {
  log "P5: time to a 200 on /readyz and idle memory (3 starts each)"
  check_ports "$PORT_CMD2" "$PORT_BARE"
  config_inline "$PORT_CMD2" "$WORK/p5.yaml"
  # The container image starts the JVM with a class-data archive that one training start recorded
  # at build time (see the Dockerfile); both servers get one recorded the same way here.
  log "recording class-data archives (one training start each)"
  # shellcheck disable=SC2086
  java $JAVA_OPTS_BENCH -XX:ArchiveClassesAtExit="$WORK/commandeer.jsa" -jar "$JAR" serve \
    --config "$WORK/p5.yaml" --exit-when-ready >"$WORK/p5-training.log" 2>&1 ||
    die "the training start failed; see $WORK/p5-training.log"
  # shellcheck disable=SC2086
  start p5-bare-training java $JAVA_OPTS_BENCH -XX:ArchiveClassesAtExit="$WORK/bare.jsa" \
    -cp "$JAR:$WORK/bench.jar" Bare "$PORT_BARE"
  wait_ready "http://127.0.0.1:$PORT_BARE/readyz" "$STARTED_PID" 30 || die "the bare server did not start"
  stop_pid "$STARTED_PID" 30
  { [ -s "$WORK/commandeer.jsa" ] && [ -s "$WORK/bare.jsa" ]; } || die "no class-data archive was written"

  local i ms_c=() ms_b=() rss_c=() rss_b=() cds_c=() cds_b=()
  for ((i = 1; i <= 3; i++)); do
    # shellcheck disable=SC2086
    startup_ms "p5-commandeer-$i" "$PORT_CMD2" 5 java $JAVA_OPTS_BENCH -jar "$JAR" --config "$WORK/p5.yaml"
    ms_c+=("$STARTUP_MS") rss_c+=("$STARTUP_RSS")
    # shellcheck disable=SC2086
    startup_ms "p5-bare-$i" "$PORT_BARE" 5 java $JAVA_OPTS_BENCH -cp "$JAR:$WORK/bench.jar" Bare "$PORT_BARE"
    ms_b+=("$STARTUP_MS") rss_b+=("$STARTUP_RSS")
    # shellcheck disable=SC2086
    startup_ms "p5-commandeer-cds-$i" "$PORT_CMD2" 0 java $JAVA_OPTS_BENCH \
      -XX:SharedArchiveFile="$WORK/commandeer.jsa" -jar "$JAR" --config "$WORK/p5.yaml"
    cds_c+=("$STARTUP_MS")
    # shellcheck disable=SC2086
    startup_ms "p5-bare-cds-$i" "$PORT_BARE" 0 java $JAVA_OPTS_BENCH \
      -XX:SharedArchiveFile="$WORK/bare.jsa" -cp "$JAR:$WORK/bench.jar" Bare "$PORT_BARE"
    cds_b+=("$STARTUP_MS")
    log "start $i: Commandeer ${ms_c[-1]} ms ${rss_c[-1]} MB (archive ${cds_c[-1]} ms)," \
      "bare ${ms_b[-1]} ms ${rss_b[-1]} MB (archive ${cds_b[-1]} ms)"
  done
  local mc mb cc cb rc rb
  mc=$(median "${ms_c[@]}")
  mb=$(median "${ms_b[@]}")
  cc=$(median "${cds_c[@]}")
  cb=$(median "${cds_b[@]}")
  rc=$(median "${rss_c[@]}")
  rb=$(median "${rss_b[@]}")
  record "P5 start to 200 on /readyz as the image starts it, with its class-data archive (ms, median of 3)" \
    "$cc" "$cb" "$(calc "$cc / $cb")" "< 1000 ms" "$(ok_if "$cc < 1000")"
  record "P5 start to 200 on /readyz with plain java -jar (ms, median of 3)" "$mc" "$mb" \
    "$(calc "$mc / $mb")" "< 1000 ms" "$(ok_if "$mc < 1000")"
  record "P5 idle resident memory (MB, median of 3)" "$rc" "$rb" "$(calc "$rc / $rb")" "< 150 MB" \
    "$(ok_if "$rc < 150")"
}

# startup_ms NAME PORT RSS_AFTER_SECONDS COMMAND...: starts COMMAND, sets STARTUP_MS to the time to
# the first 200 on /readyz and, after RSS_AFTER_SECONDS idle (0: not measured), STARTUP_RSS
startup_ms() {
  local name=$1 port=$2 rss_after=$3 t0 pid
  shift 3
  t0=$(date +%s%N)
  start "$name" "$@"
  pid=$STARTED_PID
  wait_ready "http://127.0.0.1:$port/readyz" "$pid" 30 || die "$name did not start; see $WORK/$name.log"
  STARTUP_MS=$((($(date +%s%N) - t0) / 1000000))
  STARTUP_RSS=""
  if ((rss_after > 0)); then
    sleep "$rss_after"
    STARTUP_RSS=$(rss_mb "$pid")
  fi
  stop_pid "$pid"
}

# ---------------------------------------------------------------------------------------------
# soak: half of the peak rate for a long time; errors, latency and memory over time

soak() {
  local total=${1:-600} window=${BENCH_SOAK_WINDOW:-30}
  check_ports "$PORT_CMD"
  config_inline "$PORT_CMD" "$WORK/soak.yaml"
  start_commandeer soak-commandeer "$WORK/soak.yaml" "$PORT_CMD"
  local cmd=$CMD_PID url="http://127.0.0.1:$PORT_CMD/hooks/mattermost"
  log "soak: warming up and finding the peak (${WARMUP}s + ${SECONDS_PER_ROUND}s)"
  load soak-warmup "$url" "$WARMUP" "$CONNECTIONS"
  load soak-peak "$url" "$SECONDS_PER_ROUND" "$CONNECTIONS"
  local rate
  rate=$(calc "$(get soak-peak rps) / 2" 0)
  local rss_start thr_start
  rss_start=$(rss_mb "$cmd")
  thr_start=$(threads_of "$cmd")
  log "soak: $rate req/s (half of the peak $(get soak-peak rps)/s) for ${total}s in ${window}s windows"
  printf '%8s %9s %7s %8s %8s %9s %9s %8s %7s\n' elapsed req/s errors p50_ms p99_ms p99.9_ms max_ms rss_MB threads |
    tee "$WORK/soak.txt"
  local elapsed=0 n=0 errors=0 rss_end
  while ((elapsed < total)); do
    n=$((n + 1))
    load "soak-$n" "$url" "$window" "$CONNECTIONS" "$rate"
    elapsed=$((elapsed + window))
    errors=$((errors + $(get "soak-$n" errors)))
    printf '%8s %9s %7s %8s %8s %9s %9s %8s %7s\n' "${elapsed}s" "$(get "soak-$n" rps)" \
      "$(get "soak-$n" errors)" "$(get "soak-$n" p50_ms)" "$(get "soak-$n" p99_ms)" \
      "$(get "soak-$n" p999_ms)" "$(get "soak-$n" max_ms)" "$(rss_mb "$cmd")" "$(threads_of "$cmd")" |
      tee -a "$WORK/soak.txt"
  done
  rss_end=$(rss_mb "$cmd")
  local growth
  growth=$(calc "$rss_end - $rss_start" 1)
  echo
  echo "soak: ${total}s at $rate req/s on $(nproc) cores: $errors errors;" \
    "memory $rss_start MB at the start, $rss_end MB at the end ($growth MB);" \
    "threads $thr_start -> $(threads_of "$cmd")." \
    "Flat (grew < 10% and < 30 MB): $(ok_if "$growth < 30 && $rss_end < $rss_start * 1.1")"
  stop_pid "$cmd"
}

# ---------------------------------------------------------------------------------------------

print_table() {
  [ -s "$TABLE" ] || return 0
  local cpu
  cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
  echo
  echo "Commandeer benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($cpu)," \
    "load average before: $LOAD_BEFORE"
  echo "java: $(java -version 2>&1 | head -1); JVM flags: $JAVA_OPTS_BENCH; wrk -t$THREADS," \
    "${ROUNDS}x${SECONDS_PER_ROUND}s rounds (median), ${WARMUP}s warm-up"
  echo
  echo "| figure | Commandeer | reference | ratio | target | |"
  echo "|---|---:|---:|---:|---|---|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6}' "$TABLE"
  echo
  echo "References: P1 and P5 a bare Vert.x server (bench/Bare.java), P2 adnanh/webhook $(webhook -version | awk '{print $3}'),"
  echo "P3 the target itself, P4 the same process idle; the exec ceiling is bench/spawnloop.c. Raw wrk output: $WORK"
}

main() {
  LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
  ensure_tools
  ensure_jar
  local figures=("$@")
  ((${#figures[@]})) || figures=(p1 p2 p3 p4 p5)
  if [ "${figures[0]}" = soak ]; then
    soak "${figures[1]:-600}"
    return
  fi
  local f ceiling=0
  for f in "${figures[@]}"; do
    case "$f" in
      p1 | p4 | p5) ;;
      p2 | p3) ceiling=1 ;;
      *) die "unknown figure '$f' (p1..p5, or soak [SECONDS])" ;;
    esac
  done
  # once per run, before any server is up: nothing else of ours is using the cores
  ((ceiling)) && exec_ceiling
  for f in "${figures[@]}"; do
    # each figure in a subshell: one that fails is reported in the table and the rest still run
    rm -f "$WORK/failure"
    if ! (
      trap cleanup EXIT
      "$f"
    ); then
      record "${f^^} failed" "-" "-" "-" "-" "FAILED: $(cat "$WORK/failure" 2>/dev/null || echo "see $WORK")"
    fi
  done
  print_table | tee "$WORK/table.md"
}

main "$@"
