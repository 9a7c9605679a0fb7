#!/usr/bin/env bash
# Iceberg REST catalog benchmark: load-table latency and commit throughput, each against GET of a
# generic asset measured in the same run on the same server (release build, SQLite, loopback).
#
#   Benchmarks/iceberg/run.sh                      # 15 s phases, 8 connections
#   DURATION=5s CONNECTIONS=8 Benchmarks/iceberg/run.sh
#
# Environment: DURATION [15s], CONNECTIONS [8], THREADS [2], SKIP_BUILD [0], OUT_DIR [/tmp/pangolin-iceberg-<time>].
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-15s}; CONNECTIONS=${CONNECTIONS:-8}; THREADS=${THREADS:-2}
OUT_DIR=${OUT_DIR:-/tmp/pangolin-iceberg-$(date +%Y%m%d-%H%M%S)}
# shellcheck source=../server.sh
source "$HERE/../server.sh"
bench_prepare wrk jq curl
bench_build
bench_start_server
trap 'kill $server 2>/dev/null || true' EXIT
post() { curl -sf "${auth[@]}" "$url$1" -d "$2" >/dev/null; }

log "setting up catalog 'bench': one generic asset and 16 tables"
post /api/v1/catalogs '{"name":"bench","catalog_type":"Local"}'
post /v1/bench/namespaces '{"namespace":["bench"]}'
post /api/v1/catalogs/bench/namespaces/bench/assets '{"name":"asset","kind":"CSV_TABLE","location":"s3://b/asset.csv"}'
schema='{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"id","type":"long","required":false},{"id":2,"name":"region","type":"string","required":false}]}'
for i in $(seq -w 1 16); do post /v1/bench/namespaces/bench/tables "{\"name\":\"t$i\",\"schema\":$schema}"; done

phase() { # phase NAME wrk-arguments...
  local name=$1; shift
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -H "Authorization: Bearer $token" "$@" >"$OUT_DIR/$name.txt"
  local rps p99 errors
  rps=$(awk '/^Requests\/sec/ {print $2}' "$OUT_DIR/$name.txt")
  p99=$(awk '$1 == "99%" {print $2}' "$OUT_DIR/$name.txt")
  errors=$(awk '/Non-2xx/ {print $5}' "$OUT_DIR/$name.txt"); errors=${errors:-0}
  echo "$name $rps $p99 $errors"
}
ms() { awk -v t="$1" 'BEGIN { if (t ~ /us$/) print t / 1000; else if (t ~ /ms$/) print t + 0; else print t * 1000 }'; }

log "GET of a generic asset"; get=$(phase get-asset "$url/api/v1/catalogs/bench/namespaces/bench/assets/asset")
log "load table";             load=$(phase load-table "$url/v1/bench/namespaces/bench/tables/t01")
log "commits to one table";   one=$(phase commit-one -s "$HERE/commit.lua" "$url" -- bench 1)
log "commits to 16 tables";   many=$(phase commit-16 -s "$HERE/commit.lua" "$url" -- bench 16)

{
  printf '%-12s %10s %10s %8s %12s %12s\n' phase req/s p99-ms non-2xx "req/s ratio" "p99 ratio"
  read -r _ get_rps get_p99 _ <<<"$get"
  for line in "$get" "$load" "$one" "$many"; do
    read -r name rps p99 errors <<<"$line"
    printf '%-12s %10.0f %10.2f %8s %12.2f %12.2f\n' "$name" "$rps" "$(ms "$p99")" "$errors" \
      "$(awk -v a="$rps" -v b="$get_rps" 'BEGIN { print a / b }')" "$(awk -v a="$(ms "$p99")" -v b="$(ms "$get_p99")" 'BEGIN { print a / b }')"
  done
  versions=$(curl -sf "${auth[@]}" "$url/api/v1/catalogs/bench/namespaces/bench/assets/t01" | jq .version)
  echo "table t01 is at version $versions after the commit phases (every accepted commit is a version)"
} | tee "$OUT_DIR/summary.txt"
