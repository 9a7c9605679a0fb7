#!/usr/bin/env bash
# SQLite against PostgreSQL in one run: the catalog benchmark (run.sh) once on each backend, with
# the same load, then the database statements one request of each kind costs on PostgreSQL.
#
#   Benchmarks/catalog/backends.sh                                  # 100,000 assets, 20 s phases
#   ASSETS=20000 DURATION=10s SEARCH_TYPES="word prefix" Benchmarks/catalog/backends.sh
#
# PostgreSQL is a throwaway cluster (scripts/postgres-cluster start --durable: every commit synced
# to disk, as SQLite's are) on loopback. Environment: as run.sh; OUT_DIR [/tmp/pangolin-backends-<time>].
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT_DIR=${OUT_DIR:-/tmp/pangolin-backends-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT_DIR"
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  log "building pangolin-server (release, scratch path .build-bench)"
  (cd "$ROOT" && swift build -c release --product pangolin-server --scratch-path .build-bench 2>&1 | tail -n 1 >&2)
fi
BIN="$(cd "$ROOT" && swift build -c release --scratch-path .build-bench --show-bin-path)/pangolin-server"

CLUSTER=$(bash "$ROOT/scripts/postgres-cluster" start --durable)
PG_DIR=$(sed -n 's/^DIR=//p' <<<"$CLUSTER"); PG_URL=$(sed -n 's/^URL=//p' <<<"$CLUSTER"); PG_PORT=$(sed -n 's/^PORT=//p' <<<"$CLUSTER")
trap 'bash "$ROOT/scripts/postgres-cluster" stop "$PG_DIR"' EXIT
export PGPASSWORD=$(sed 's|.*pangolin:\([^@]*\)@.*|\1|' <<<"$PG_URL")
psql_q() { psql -h 127.0.0.1 -p "$PG_PORT" -U pangolin -d pangolin -tAq -c "$1"; }

log "SQLite"
OUT_DIR="$OUT_DIR/sqlite" SKIP_BUILD=1 bash "$HERE/run.sh" >/dev/null
log "PostgreSQL"
PANGOLIN_DATABASE_URL="$PG_URL" OUT_DIR="$OUT_DIR/postgres" SKIP_BUILD=1 bash "$HERE/run.sh" >/dev/null

# Statements per request: a server on the database the run left, 50 requests of each kind, the
# statements PostgreSQL counted for them (BEGIN and COMMIT included: each is a round trip).
PASSWORD=bench-password-123
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
PANGOLIN_DATABASE_URL="$PG_URL" PANGOLIN_ROOT_PASSWORD=$PASSWORD PANGOLIN_LOG_LEVEL=warning \
  "$BIN" --host 127.0.0.1 --port "$port" --in-memory >"$OUT_DIR/round-trips-server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; bash "$ROOT/scripts/postgres-cluster" stop "$PG_DIR"' EXIT
url="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -sf -o /dev/null "$url/health/ready" && break; sleep 0.1; done
token=$(curl -sf "$url/api/v1/users/login" -H 'content-type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\"}" | jq -r .token)
auth=(-H "Authorization: Bearer $token" -H 'content-type: application/json')
statements() { # statements KIND COMMAND...: statements per request over 50 requests
  local kind=$1; shift
  psql_q "SELECT pg_stat_statements_reset()" >/dev/null
  for i in $(seq 1 50); do "$@" "$i" >/dev/null; done
  local calls; calls=$(psql_q "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'")
  printf '%-22s %5.1f statements per request\n' "$kind" "$(awk -v c="$calls" 'BEGIN { print c / 50 }')"
}
register() { curl -sf "${auth[@]}" "$url/api/v1/catalogs/bench/namespaces/ns01/assets" -d "{\"name\":\"rt_$1\",\"kind\":\"CSV_TABLE\",\"location\":\"s3://b/rt_$1\"}"; }
get() { curl -sf "${auth[@]}" "$url/api/v1/catalogs/bench/namespaces/ns01/assets/rt_$1"; }
search() { curl -sf "${auth[@]}" "$url/api/v1/search/assets?query=rt_$1&limit=10"; }
update() { curl -sf -X PUT "${auth[@]}" "$url/api/v1/catalogs/bench/namespaces/ns01/assets/rt_$1" -d '{"location":"s3://b/next"}'; }
{
  echo "== SQLite"; sed -n '/^phase/,/^$/p' "$OUT_DIR/sqlite/summary.txt"
  echo "== PostgreSQL"; sed -n '/^phase/,/^$/p' "$OUT_DIR/postgres/summary.txt"
  grep '^database: PostgreSQL' "$OUT_DIR/postgres/summary.txt"
  echo "== PostgreSQL against SQLite (rate: higher is better; p99: lower is better)"
  python3 - "$OUT_DIR/sqlite/summary.txt" "$OUT_DIR/postgres/summary.txt" <<'PY'
import re, sys
def rows(path):
    found = {}
    # phase, rate, p50, p90, p99, max, non-2xx, t/o, cpu%, target, verdict (run.sh's ROW)
    pattern = re.compile(r"^(.*?)\s+(\d+(?:\.\d+)?)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.*)$")
    lines = open(path).read().split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("phase "))
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].strip())
    for line in lines[start + 1:end]:
        match = pattern.match(line.strip())
        if match:
            found[match.group(1)] = {"rate": float(match.group(2)), "p99": match.group(5), "cpu": match.group(9)}
    return found
sqlite, postgres = rows(sys.argv[1]), rows(sys.argv[2])
for phase, s in sqlite.items():
    p = postgres.get(phase)
    if not p: continue
    rate = p["rate"] / s["rate"] if s["rate"] else float("nan")
    def per_request(row):
        try: return f'{float(row["cpu"]) * 10 / row["rate"]:.2f}'
        except (ValueError, ZeroDivisionError): return "-"
    print(f'{phase:24} rate {rate:5.2f}x   p99 {s["p99"]:>7} -> {p["p99"]:>7} ms   server CPU ms/request {per_request(s)} -> {per_request(p)}')
PY
  echo "== PostgreSQL statements (each a round trip) per request"
  statements "register" register
  statements "get by name" get
  statements "update (next version)" update
  statements "search" search
} | tee "$OUT_DIR/backends.txt"
