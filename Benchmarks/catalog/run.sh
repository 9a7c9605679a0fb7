#!/usr/bin/env bash
# Catalog server benchmark: loads ASSETS assets through the REST API with wrk, then measures
# GET-by-name throughput and search latency. See README.md next to this file.
#
#   Benchmarks/catalog/run.sh                       # full run: 100,000 assets, 20 s phases
#   ASSETS=5000 DURATION=5s Benchmarks/catalog/run.sh   # smoke run
#
# Environment (defaults in brackets):
#   ASSETS [100000]           assets to register (exactly this many, unless registrations fail)
#   DURATION [20s]            length of the GET phase (wrk duration syntax)
#   SEARCH_DURATION [DURATION] length of each search run (one run per query type)
#   NAMESPACES [20]           namespaces ns01..nsNN the assets are spread over
#   REGISTER_THREADS [2] REGISTER_CONNECTIONS [16]   wrk load for registration
#   REGISTER_MAX [1800s]      upper bound of one registration round (wrk needs a duration)
#   GET_THREADS [2] GET_CONNECTIONS [64]             wrk load for GET by name
#   SEARCH_THREADS [2] SEARCH_CONNECTIONS [8]        wrk load for search
#   SEARCH_TYPES [word two_words prefix word_kind word_team filter_only]
#   SEARCH_AS [root reader]   whose token search runs with: root, and/or a tenant user whose
#                             access comes from a role holding READ on every namespace
#   SEARCH_TIMEOUT [30]       seconds: wrk --timeout for search; slower answers count as timeouts,
#                             and a type whose unloaded probe query is slower is not run with wrk
#   PROBE_TIMEOUT [300]       seconds one unloaded probe query (curl) may take
#   IDLE_MAX [900]            seconds to wait for the server to go idle between phases
#   OUT_DIR [/tmp/pangolin-bench-<time>]  raw wrk output, server log, summary
#   KEEP_DATA [0]             1 keeps the database (in OUT_DIR/data) after the run
#   SKIP_BUILD [0]            1 uses the binary already in .build-bench
#   PANGOLIN_DATABASE_URL     when set, the server keeps the catalog in that PostgreSQL database
#                             (backends.sh sets it), and PostgreSQL's CPU is reported per phase
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)

ASSETS=${ASSETS:-100000}
DURATION=${DURATION:-20s}
SEARCH_DURATION=${SEARCH_DURATION:-$DURATION}
NAMESPACES=${NAMESPACES:-20}
REGISTER_THREADS=${REGISTER_THREADS:-2}
REGISTER_CONNECTIONS=${REGISTER_CONNECTIONS:-16}
REGISTER_MAX=${REGISTER_MAX:-1800s}
REGISTER_MAX_ROUNDS=${REGISTER_MAX_ROUNDS:-5}
GET_THREADS=${GET_THREADS:-2}
GET_CONNECTIONS=${GET_CONNECTIONS:-64}
SEARCH_THREADS=${SEARCH_THREADS:-2}
SEARCH_CONNECTIONS=${SEARCH_CONNECTIONS:-8}
SEARCH_TYPES=${SEARCH_TYPES:-word two_words prefix word_kind word_team filter_only}
SEARCH_AS=${SEARCH_AS:-root reader}
SEARCH_TIMEOUT=${SEARCH_TIMEOUT:-30}
PROBE_TIMEOUT=${PROBE_TIMEOUT:-300}
IDLE_MAX=${IDLE_MAX:-900}
OUT_DIR=${OUT_DIR:-/tmp/pangolin-bench-$(date +%Y%m%d-%H%M%S)}
KEEP_DATA=${KEEP_DATA:-0}
SKIP_BUILD=${SKIP_BUILD:-0}
PASSWORD=bench-password-123

TARGET_REGISTER=2000
TARGET_GET=10000
TARGET_SEARCH_P99=20
TARGET_READER_SEARCH_P99=25
# GET by a user reading through a role on the namespaces: at least this share of root's rate.
TARGET_READER_GET_SHARE=0.9

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

[[ "$ASSETS" =~ ^[0-9]+$ && "$ASSETS" -gt 0 ]] || die "ASSETS must be a positive number, not '$ASSETS'"
[[ "$NAMESPACES" =~ ^[0-9]+$ && "$NAMESPACES" -ge 1 && "$NAMESPACES" -le 99 ]] || die "NAMESPACES must be 1..99"

# Tools ------------------------------------------------------------------------------------------

missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
DATA_DIR="$OUT_DIR/data"
WORK="$OUT_DIR/work"
rm -rf "$DATA_DIR" "$WORK"
mkdir -p "$DATA_DIR" "$WORK"
log "output in $OUT_DIR"

# Build ------------------------------------------------------------------------------------------

cd "$ROOT"
if [[ "$SKIP_BUILD" != 1 ]]; then
  log "building pangolin-server (release, scratch path .build-bench)"
  swift build -c release --product pangolin-server --scratch-path .build-bench 2>&1 | tail -n 3 >&2
fi
# What was built: the other sources may change while the benchmark runs.
BUILT_FROM="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD -- Sources Package.swift 2>/dev/null || echo ' with uncommitted changes to Sources/Package.swift')"
BIN="$(swift build -c release --scratch-path .build-bench --show-bin-path)/pangolin-server"
[[ -x "$BIN" ]] || die "no server binary at $BIN"

# Server -----------------------------------------------------------------------------------------

SERVER_PID=""
WRK_PID=""
cleanup() {
  local status=$?
  if [[ -n "$WRK_PID" ]] && kill -0 "$WRK_PID" 2>/dev/null; then kill "$WRK_PID" 2>/dev/null || true; fi
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "server did not stop on SIGTERM within 10 s; killing it"
      kill -KILL "$SERVER_PID" 2>/dev/null || true
    fi
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "$KEEP_DATA" != 1 ]]; then rm -rf "$DATA_DIR"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting $BIN on 127.0.0.1 (free port), data in $DATA_DIR"
env PANGOLIN_ROOT_PASSWORD="$PASSWORD" PANGOLIN_LOG_LEVEL=warning \
  "$BIN" --host 127.0.0.1 --port 0 --data-dir "$DATA_DIR" >"$OUT_DIR/server.log" 2>&1 &
SERVER_PID=$!

PORT=""
for _ in $(seq 1 300); do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT_DIR/server.log" >&2; die "the server exited at start"; }
  PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\).*|\1|p' "$OUT_DIR/server.log" | head -n 1)
  [[ -n "$PORT" ]] && break
  sleep 0.1
done
[[ -n "$PORT" ]] || die "the server did not report its port within 30 s"
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 300); do
  [[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready")" == 200 ]] && break
  sleep 0.1
done
[[ "$(curl -s -o /dev/null -w '%{http_code}' "$URL/health/ready")" == 200 ]] || die "$URL/health/ready never answered 200"
log "server pid $SERVER_PID ready at $URL"

TOKEN=""
# api METHOD PATH [JSON]: prints the body; fails with the status and body on anything but 2xx.
api() {
  local method=$1 path=$2 body=${3-} code
  local args=(-sS -X "$method" -o "$WORK/api.out" -w '%{http_code}' -H 'Content-Type: application/json')
  [[ -n "$TOKEN" ]] && args+=(-H "Authorization: Bearer $TOKEN")
  [[ -n "$body" ]] && args+=(--data "$body")
  code=$(curl "${args[@]}" "$URL$path") || die "$method $path: curl failed"
  [[ "$code" == 2* ]] || die "$method $path answered $code: $(head -c 500 "$WORK/api.out")"
  cat "$WORK/api.out"
}

TOKEN=$(api POST /api/v1/users/login "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | jq -er .token) \
  || die "login answered no token"
api POST /api/v1/warehouses '{"name":"bench","storage_config":{}}' >/dev/null
api POST /api/v1/catalogs '{"name":"bench","warehouse_name":"bench"}' >/dev/null
for i in $(seq 1 "$NAMESPACES"); do
  api POST /v1/bench/namespaces "$(printf '{"namespace":["ns%02d"]}' "$i")" >/dev/null
done
log "created warehouse, catalog and $NAMESPACES namespaces"

# A tenant user who may read the assets only through a custom role holding READ on every namespace,
# so that GET and search pay for the authorization check that most users' requests go through.
grants=$(for i in $(seq 1 "$NAMESPACES"); do
  printf '{"scope":{"type":"namespace","catalog_id":"bench","namespace":"ns%02d"},"actions":["read"]}\n' "$i"; done | jq -sc .)
ROLE_ID=$(api POST /api/v1/roles "{\"name\":\"bench-readers\",\"permissions\":$grants}" | jq -er .id)
READER_ID=$(api POST /api/v1/users "{\"username\":\"reader\",\"role\":\"TenantUser\",\"password\":\"$PASSWORD\"}" | jq -er .id)
api POST "/api/v1/users/$READER_ID/roles" "{\"role-id\":\"$ROLE_ID\"}" >/dev/null
READER_TOKEN=$(api POST /api/v1/users/login "{\"username\":\"reader\",\"password\":\"$PASSWORD\"}" | jq -er .token)
log "created user 'reader' with role 'bench-readers' (READ on each namespace)"

assets_count() { api GET /api/v1/dashboard/stats | jq -er .assets_count; }

# Measurements -----------------------------------------------------------------------------------

CLK_TCK=$(getconf CLK_TCK)
server_cpu_ticks() { sed 's/^.*) //' "/proc/$SERVER_PID/stat" | awk '{print $12 + $13}'; }
server_status() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$SERVER_PID/status"; }  # in kB
require_server() {
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$OUT_DIR/server.log" >&2; die "the server died during $1"; }
}
# field LINE KEY: the value of KEY=value in a BENCH line.
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1" | head -n 1; }

# The CPU ticks of PostgreSQL's processes (0 without PANGOLIN_DATABASE_URL): its backends do
# part of the work that SQLite does inside the server.
database_cpu_ticks() {
  [[ -n "${PANGOLIN_DATABASE_URL:-}" ]] || { echo 0; return; }
  local total=0 pid
  for pid in $(pgrep -x postgres || true); do
    total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)))
  done
  echo "$total"
}

declare -A CPU_PCT DB_CPU_PCT RSS_AFTER
PHASE_TICKS=0 PHASE_DB_TICKS=0 PHASE_START=0
phase_begin() { PHASE_TICKS=$(server_cpu_ticks); PHASE_DB_TICKS=$(database_cpu_ticks); PHASE_START=$(date +%s.%N); }
phase_end() {
  local ticks db_ticks now
  ticks=$(server_cpu_ticks); db_ticks=$(database_cpu_ticks); now=$(date +%s.%N)
  CPU_PCT[$1]=$(awk -v t=$((ticks - PHASE_TICKS)) -v hz="$CLK_TCK" -v a="$PHASE_START" -v b="$now" \
    'BEGIN { printf "%.0f", 100 * t / hz / (b - a) }')
  DB_CPU_PCT[$1]=$(awk -v t=$((db_ticks - PHASE_DB_TICKS)) -v hz="$CLK_TCK" -v a="$PHASE_START" -v b="$now" \
    'BEGIN { printf "%.0f", 100 * t / hz / (b - a) }')
  RSS_AFTER[$1]=$(server_status VmRSS)
}

# wait_idle: waits until the server uses under 10% of a core for a second (work that wrk
# abandoned, such as slow queries, keeps running after wrk exits); prints the seconds waited.
wait_idle() {
  local start t0 t1
  start=$(date +%s)
  while :; do
    t0=$(server_cpu_ticks); sleep 1; t1=$(server_cpu_ticks)
    (((t1 - t0) * 10 < CLK_TCK)) && break
    if (($(date +%s) - start >= IDLE_MAX)); then log "warning: server still busy after ${IDLE_MAX}s"; break; fi
  done
  echo $(($(date +%s) - start - 1))
}

COMMON_HEADERS=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
declare -A BEARER=([root]=$TOKEN [reader]=$READER_TOKEN)

# Phase 1: register -------------------------------------------------------------------------------

log "phase 1: registering $ASSETS assets over $NAMESPACES namespaces ($REGISTER_THREADS threads, $REGISTER_CONNECTIONS connections)"
registered_total=0 window_total=0 round=0 count=0
REGISTER_LINES=()
phase_begin
while ((count < ASSETS && round < REGISTER_MAX_ROUNDS)); do
  round=$((round + 1))
  remaining=$((ASSETS - count))
  out="$OUT_DIR/register-$round.txt"
  wrk -t "$REGISTER_THREADS" -c "$REGISTER_CONNECTIONS" -d "$REGISTER_MAX" --timeout 30s --latency \
    "${COMMON_HEADERS[@]}" -s "$HERE/register.lua" "$URL" \
    -- "$round" "$remaining" "$REGISTER_THREADS" "$NAMESPACES" "$WORK" >"$out" 2>&1 &
  WRK_PID=$!
  # wrk runs for its whole duration even when every thread has stopped; interrupt it (it then
  # reports the time actually run) once every thread has left its marker. As a safety net, also
  # when the catalog holds enough assets (a lost connection can leave a thread waiting forever).
  polls=0
  while kill -0 "$WRK_PID" 2>/dev/null; do
    markers=$(find "$WORK" -maxdepth 1 -name "done-$round-*" | wc -l)
    if ((markers >= REGISTER_THREADS)); then kill -INT "$WRK_PID" 2>/dev/null || true; break; fi
    polls=$((polls + 1))
    if ((polls % 50 == 0)); then
      require_server "registration"
      if (($(assets_count) >= ASSETS)); then
        sleep 2
        log "catalog holds $ASSETS assets but not every wrk thread finished; interrupting wrk"
        kill -INT "$WRK_PID" 2>/dev/null || true
        break
      fi
    fi
    sleep 0.1
  done
  wait "$WRK_PID" || die "wrk failed in registration round $round: $(tail -n 5 "$out")"
  WRK_PID=""
  require_server "registration"
  line=$(grep '^BENCH ' "$out" | head -n 1) || die "no BENCH line in $out"
  REGISTER_LINES+=("$line")
  registered_total=$((registered_total + $(field "$line" registered)))
  window_total=$(awk -v a="$window_total" -v b="$(field "$line" window_s)" 'BEGIN { print a + b }')
  count=$(assets_count)
  log "round $round: $(field "$line" registered) registered in $(field "$line" window_s) s" \
    "($(field "$line" register_rps)/s), non-2xx $(field "$line" non2xx); catalog holds $count assets"
done
phase_end register
REGISTER_RPS=$(awk -v n="$registered_total" -v t="$window_total" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }')
FINAL_COUNT=$count
((FINAL_COUNT >= ASSETS)) || log "warning: only $FINAL_COUNT of $ASSETS assets registered after $round rounds"
cat "$WORK"/names-*.tsv >"$WORK/names.tsv"
NAMES=$(wc -l <"$WORK/names.tsv")
log "names file: $NAMES assets (wrk saw $registered_total 2xx registrations; the catalog counts $FINAL_COUNT)"

# On PostgreSQL, the planner's statistics as autovacuum leaves them after a bulk load: without them,
# the reads that follow would be timed against plans made for an empty table, for as long as
# autovacuum happened not to come by.
if [[ -n "${PANGOLIN_DATABASE_URL:-}" ]]; then
  psql -q "$PANGOLIN_DATABASE_URL" -c "VACUUM (ANALYZE) assets, asset_metadata, asset_tags, asset_property_index, asset_versions" \
    && log "vacuumed and analyzed the catalog's asset tables"
fi

# Phase 2: GET by name ----------------------------------------------------------------------------

# The same load as root and as the reader, one after the other.
declare -A GET_LINES
for who in root reader; do
  log "waited $(wait_idle) s for the server to go idle"
  log "phase 2: GET asset by name as $who for $DURATION ($GET_THREADS threads, $GET_CONNECTIONS connections)"
  phase_begin
  wrk -t "$GET_THREADS" -c "$GET_CONNECTIONS" -d "$DURATION" --timeout 10s --latency \
    -H "Authorization: Bearer ${BEARER[$who]}" -s "$HERE/get.lua" "$URL" -- "$WORK/names.tsv" >"$OUT_DIR/get-$who.txt" 2>&1 \
    || die "wrk failed in the GET phase: $(tail -n 5 "$OUT_DIR/get-$who.txt")"
  phase_end "get_$who"
  require_server "the GET phase"
  GET_LINES[$who]=$(grep '^BENCH ' "$OUT_DIR/get-$who.txt" | head -n 1) || die "no BENCH line in get-$who.txt"
done
GET_LINE=${GET_LINES[root]}

# Phase 3: search ---------------------------------------------------------------------------------

declare -A SEARCH_LINE PROBE DRAIN
# One representative query per type, timed alone (no other load) with curl.
declare -A PROBE_QUERY=(
  [word]="query=customer" [two_words]="query=customer+daily" [prefix]="query=cust"
  [word_kind]="query=customer&kind=ML_MODEL" [word_team]="query=customer&property.team=growth"
  [filter_only]="kind=ML_MODEL&property.team=growth"
)
declare -A SKIPPED
for who in $SEARCH_AS; do for type in $SEARCH_TYPES; do
  key="$type-$who"
  wait_idle >/dev/null
  probe_secs=""
  if [[ -n "${PROBE_QUERY[$type]-}" ]]; then
    path="/api/v1/search/assets?${PROBE_QUERY[$type]}&limit=20"
    if result=$(curl -sS -o "$WORK/probe.out" -w '%{http_code} %{time_total}' --max-time "$PROBE_TIMEOUT" \
      -H "Authorization: Bearer ${BEARER[$who]}" "$URL$path" 2>/dev/null); then
      read -r code probe_secs <<<"$result"
      PROBE[$key]="$(awk -v s="$probe_secs" 'BEGIN { printf "%.1f ms", s * 1000 }') (HTTP $code, total $(jq -r '.total // "?"' "$WORK/probe.out" 2>/dev/null || echo '?'))  ${PROBE_QUERY[$type]}"
    else
      probe_secs=$PROBE_TIMEOUT
      PROBE[$key]="no answer within ${PROBE_TIMEOUT}s  ${PROBE_QUERY[$type]}"
    fi
    log "probe $type as $who: ${PROBE[$key]}"
    wait_idle >/dev/null
  fi
  # A wrk run whose every request times out measures nothing and leaves the server busy with
  # abandoned queries for a long time; such a type is reported from its probe alone.
  if [[ -n "$probe_secs" ]] && awk -v p="$probe_secs" -v t="$SEARCH_TIMEOUT" 'BEGIN { exit !(p >= t) }'; then
    SKIPPED[$key]=1
    log "search $type as $who: one query alone takes ${probe_secs}s, over the ${SEARCH_TIMEOUT}s timeout; not running wrk"
    SEARCH_LINE[$key]="BENCH phase=search_$key requests=0 rps=0 ok=0 non2xx=0 statuses=- sock_connect=0 sock_read=0 sock_write=0 sock_timeout=0 open=- avg_total=- zero_hits=-"
    continue
  fi
  phase_begin
  log "phase 3: search '$type' as $who for $SEARCH_DURATION ($SEARCH_THREADS threads, $SEARCH_CONNECTIONS connections)"
  wrk -t "$SEARCH_THREADS" -c "$SEARCH_CONNECTIONS" -d "$SEARCH_DURATION" --timeout "${SEARCH_TIMEOUT}s" --latency \
    -H "Authorization: Bearer ${BEARER[$who]}" -s "$HERE/search.lua" "$URL" -- "$type" >"$OUT_DIR/search-$key.txt" 2>&1 \
    || die "wrk failed in search '$type': $(tail -n 5 "$OUT_DIR/search-$key.txt")"
  phase_end "search_$key"
  require_server "search '$type'"
  SEARCH_LINE[$key]=$(grep '^BENCH ' "$OUT_DIR/search-$key.txt" | head -n 1) || die "no BENCH line for search '$type'"
  DRAIN[$key]=$(wait_idle)
  log "search $type as $who: $(field "${SEARCH_LINE[$key]}" rps) req/s, p99 $(field "${SEARCH_LINE[$key]}" p99_ms) ms," \
    "timeouts $(field "${SEARCH_LINE[$key]}" sock_timeout); server busy ${DRAIN[$key]} s after wrk stopped"
done; done
RSS_AFTER[search]=$(server_status VmRSS)

# Summary -----------------------------------------------------------------------------------------

PEAK_RSS_KB=$(server_status VmHWM)
# The database is memory-mapped by every connection, and mapped file pages count in RSS once per
# mapping; RssAnon is the memory the server itself allocated.
ANON_KB=$(server_status RssAnon)
DB_FILE="$DATA_DIR/catalog.sqlite"
size_of() { if [[ -f "$1" ]]; then stat -c %s "$1"; else echo 0; fi; }
DB_MAIN=$(size_of "$DB_FILE"); DB_WAL=$(size_of "$DB_FILE-wal"); DB_SHM=$(size_of "$DB_FILE-shm")
mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
SERVER_LOG_ERRORS=$(grep -ciE 'error|critical|fatal' "$OUT_DIR/server.log" || true)

# verdict VALUE OP TARGET NON2XX SOCKET_ERRORS TIMEOUTS OK: PASS or FAIL against the target; a
# phase with timeouts or without a single 2xx fails whatever its figures, and non-2xx or socket
# errors are flagged.
verdict() {
  awk -v v="$1" -v op="$2" -v t="$3" -v bad="$4" -v sock="$5" -v to="$6" -v ok="$7" 'BEGIN {
    pass = (op == ">=") ? (v + 0 >= t + 0) : (v + 0 <= t + 0)
    if (to + 0 > 0 || ok + 0 == 0) pass = 0
    out = pass ? "PASS" : "FAIL"
    if (ok + 0 == 0) out = out " (no answers)"
    if (bad + 0 > 0) out = out " (non-2xx)"
    if (sock + 0 > 0) out = out " (socket errors)"
    if (to + 0 > 0) out = out " (timeouts)"
    print out
  }'
}
sockets() { echo $(($(field "$1" sock_connect) + $(field "$1" sock_read) + $(field "$1" sock_write))); }
ROW='%-20s %10s %9s %9s %9s %9s %8s %6s %5s %11s  %s\n'
row() { # row LABEL RATE BENCH-LINE CPU TARGET VERDICT; "-" for latencies wrk did not record
  local l=$3 k v=()
  for k in p50_ms p90_ms p99_ms max_ms; do
    v+=("$(field "$l" $k | sed 's/^0\.00$/-/')")
  done
  printf "$ROW" "$1" "$2" "${v[@]}" "$(field "$l" non2xx)" "$(field "$l" sock_timeout)" "$4" "$5" "$6"
}

{
  echo
  echo "Pangolin catalog benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, wrk on the same machine"
  echo "server: $BIN, built from $BUILT_FROM"
  echo "assets: $FINAL_COUNT in catalog (asked $ASSETS, $NAMESPACES namespaces); register $REGISTER_THREADS thr x $REGISTER_CONNECTIONS conn;" \
    "GET $DURATION x $GET_THREADS thr x $GET_CONNECTIONS conn as root and as reader; search as $SEARCH_AS, $SEARCH_DURATION x $SEARCH_THREADS thr x $SEARCH_CONNECTIONS conn per type"
  echo
  printf "$ROW" "phase" "rate/s" "p50 ms" "p90 ms" "p99 ms" "max ms" "non-2xx" "t/o" "cpu%" "target" "verdict"
  # Registration may take several rounds; the table shows the sums and the last round's latencies.
  reg_non2xx=0 reg_sock=0 reg_to=0
  for l in "${REGISTER_LINES[@]}"; do
    reg_non2xx=$((reg_non2xx + $(field "$l" non2xx)))
    reg_sock=$((reg_sock + $(sockets "$l")))
    reg_to=$((reg_to + $(field "$l" sock_timeout)))
  done
  rline=${REGISTER_LINES[-1]}
  rline=$(sed -e "s/ non2xx=[^ ]*/ non2xx=$reg_non2xx/" -e "s/ sock_timeout=[^ ]*/ sock_timeout=$reg_to/" <<<"$rline")
  row "register" "$REGISTER_RPS" "$rline" "${CPU_PCT[register]}" ">=$TARGET_REGISTER/s" \
    "$(verdict "$REGISTER_RPS" ">=" $TARGET_REGISTER "$reg_non2xx" "$reg_sock" "$reg_to" "$registered_total")"
  g=$GET_LINE
  row "get by name (root)" "$(field "$g" rps)" "$g" "${CPU_PCT[get_root]}" ">=$TARGET_GET/s" \
    "$(verdict "$(field "$g" rps)" ">=" $TARGET_GET "$(field "$g" non2xx)" "$(sockets "$g")" "$(field "$g" sock_timeout)" "$(field "$g" ok)")"
  r=${GET_LINES[reader]}
  share=$(awk -v a="$(field "$r" rps)" -v b="$(field "$g" rps)" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')
  row "get by name (reader)" "$(field "$r" rps)" "$r" "${CPU_PCT[get_reader]}" ">=${TARGET_READER_GET_SHARE}x root" \
    "$(verdict "$share" ">=" $TARGET_READER_GET_SHARE "$(field "$r" non2xx)" "$(sockets "$r")" "$(field "$r" sock_timeout)" "$(field "$r" ok)") (${share}x)"
  for who in $SEARCH_AS; do for type in $SEARCH_TYPES; do
    key="$type-$who" l=${SEARCH_LINE["$type-$who"]}
    target=$TARGET_SEARCH_P99; [[ "$who" == reader ]] && target=$TARGET_READER_SEARCH_P99
    if [[ -n "${SKIPPED[$key]-}" ]]; then
      printf "$ROW" "search $type ($who)" "-" "-" "-" "-" "-" "-" "-" "-" "p99<=${target}ms" "FAIL (not run: one query takes over ${SEARCH_TIMEOUT}s)"
      continue
    fi
    row "search $type ($who)" "$(field "$l" rps)" "$l" "${CPU_PCT[search_$key]}" "p99<=${target}ms" \
      "$(verdict "$(field "$l" p99_ms)" "<=" "$target" "$(field "$l" non2xx)" "$(sockets "$l")" "$(field "$l" sock_timeout)" "$(field "$l" ok)")"
  done; done
  echo
  echo "t/o: requests wrk timed out (GET 10s, search ${SEARCH_TIMEOUT}s, register 30s); their latency is not in the percentiles."
  echo "cpu%: the server's CPU time over the phase's wall time (100% = one core; wrk shares the same cores)."
  echo "register: $registered_total registrations answered 2xx in ${window_total}s over $round round(s); socket errors $reg_sock"
  for who in root reader; do
    g=${GET_LINES[$who]}
    echo "get ($who): $(field "$g" ok) answers 2xx, $(field "$g" mismatched) of them named no registered asset;" \
      "socket errors $(sockets "$g"); $(field "$g" open) requests open when wrk stopped"
  done
  echo "search, per type: 2xx answers; requests still open when wrk stopped (at most one per connection);"
  echo "  average 'total' per answer; answers with no hit; seconds the server stayed busy after wrk stopped; one query alone:"
  for who in $SEARCH_AS; do for type in $SEARCH_TYPES; do
    key="$type-$who" l=${SEARCH_LINE["$type-$who"]}
    printf '  %-19s %6s answers %3s open  avg total %6s  zero-hit %5s  busy after %4s s  alone %s\n' "$type ($who)" \
      "$(field "$l" ok)" "$(field "$l" open)" "$(field "$l" avg_total)" "$(field "$l" zero_hits)" "${DRAIN[$key]--}" "${PROBE[$key]-n/a}"
  done; done
  echo "server peak RSS (VmHWM): $((PEAK_RSS_KB / 1024)) MiB; RSS after register/get/search:" \
    "$((RSS_AFTER[register] / 1024))/$((RSS_AFTER[get_reader] / 1024))/$((RSS_AFTER[search] / 1024)) MiB;" \
    "allocated (RssAnon) at the end: $((ANON_KB / 1024)) MiB, the rest is the memory-mapped database"
  if [[ -n "${PANGOLIN_DATABASE_URL:-}" ]]; then
    echo "database: PostgreSQL; its processes' cpu% per phase: register ${DB_CPU_PCT[register]}, get (root) ${DB_CPU_PCT[get_root]}," \
      "get (reader) ${DB_CPU_PCT[get_reader]}$(for who in $SEARCH_AS; do for type in $SEARCH_TYPES; do
        printf ', search %s (%s) %s' "$type" "$who" "${DB_CPU_PCT[search_$type-$who]-}"; done; done)"
  else
    echo "database: catalog.sqlite $(mib "$DB_MAIN") + WAL $(mib "$DB_WAL") + SHM $(mib "$DB_SHM") = $(mib $((DB_MAIN + DB_WAL + DB_SHM)))"
  fi
  echo "server log lines mentioning error: $SERVER_LOG_ERRORS (log: $OUT_DIR/server.log)"
  if ((SERVER_LOG_ERRORS > 0)); then grep -iE 'error|critical|fatal' "$OUT_DIR/server.log" | head -n 5 | cut -c1-400 | sed 's/^/  /'; fi
  errors=$(cat "$OUT_DIR"/register-*.txt "$OUT_DIR"/get-*.txt "$OUT_DIR"/search-*.txt | grep '^BENCH_ERROR' || true)
  statuses=$( (for l in "${REGISTER_LINES[@]}" "${GET_LINES[@]}" "${SEARCH_LINE[@]}"; do
    s=$(field "$l" statuses); [[ "$s" != "-" ]] && echo "$(field "$l" phase): $s"; done) || true)
  if [[ -n "$statuses" ]]; then
    echo "NON-2XX RESPONSES (phase: status:count):"
    sed 's/^/  /' <<<"$statuses"
    echo "examples:"
    sed 's/^BENCH_ERROR /  /' <<<"$errors" | cut -c1-600
  else
    echo "non-2xx responses: none"
  fi
  echo "raw wrk output: $OUT_DIR/{register-*,get-*,search-*}.txt"
} | tee "$OUT_DIR/summary.txt"
