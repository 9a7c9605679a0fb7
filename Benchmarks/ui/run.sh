#!/usr/bin/env bash
# Web interface benchmark: the server's time to render an asset page whose lineage graph has 200
# assets, beside the JSON lineage endpoint for the same graph, in one run on one server (release
# build, SQLite, loopback, one connection so that latency is the server's time).
#
#   Benchmarks/ui/run.sh
#   DURATION=5s Benchmarks/ui/run.sh
#
# Environment: DURATION [15s], LAYERS [10], WIDTH [20], SKIP_BUILD [0], OUT_DIR [/tmp/pangolin-ui-<time>].
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DURATION=${DURATION:-15s}; LAYERS=${LAYERS:-10}; WIDTH=${WIDTH:-20}
OUT_DIR=${OUT_DIR:-/tmp/pangolin-ui-$(date +%Y%m%d-%H%M%S)}
# shellcheck source=../server.sh
source "$HERE/../server.sh"
bench_prepare wrk jq curl
bench_build
bench_start_server
trap 'kill $server 2>/dev/null || true' EXIT
post() { curl -sf "${auth[@]}" "$url$1" -d "$2"; }

nodes=$((LAYERS * WIDTH + 1))
log "registering $nodes assets: $LAYERS layers of $WIDTH, each asset made from two of the layer before, and one asset made from the last layer"
post /api/v1/catalogs '{"name":"bench"}' >/dev/null
post /v1/bench/namespaces '{"namespace":["bench"]}' >/dev/null
assets=/api/v1/catalogs/bench/namespaces/bench/assets
for layer in $(seq 0 $((LAYERS - 1))); do
  for i in $(seq 0 $((WIDTH - 1))); do
    lineage='[]'
    if (( layer > 0 )); then
      a=$(( (i + 1) % WIDTH )); b=$(( (i * 7 + 3) % WIDTH ))
      lineage="[{\"upstream\":\"bench.n$((layer - 1))_$i@v1\",\"relation\":\"derived_from\"},{\"upstream\":\"bench.n$((layer - 1))_$a\",\"relation\":\"derived_from\"}"
      (( b != i && b != a )) && lineage+=",{\"upstream\":\"bench.n$((layer - 1))_$b\",\"relation\":\"input\"}"
      lineage+="]"
    fi
    post "$assets" "{\"name\":\"n${layer}_$i\",\"kind\":\"PARQUET_TABLE\",\"location\":\"s3://bench/n${layer}_$i\",\"lineage\":$lineage}" >/dev/null
  done
done
last=$(for i in $(seq 0 $((WIDTH - 1))); do printf '{"upstream":"bench.n%d_%d","relation":"trained_on"},' $((LAYERS - 1)) "$i"; done)
id=$(post "$assets" "{\"name\":\"model\",\"kind\":\"ML_MODEL\",\"location\":\"s3://bench/model\",\"lineage\":[${last%,}]}" | jq -r .id)
query="direction=upstream&depth=$((LAYERS + 1))"
graph=$(curl -sf "${auth[@]}" "$url/api/v1/assets/$id/lineage?$query")
echo "graph: $(jq '.nodes | length' <<<"$graph") assets, $(jq '.edges | length' <<<"$graph") edges" | tee "$OUT_DIR/graph.txt"

log "logging in through the form for a session cookie"
jar="$OUT_DIR/cookies"
csrf=$(curl -sf -c "$jar" "$url/ui/login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
curl -sf -o /dev/null -b "$jar" -c "$jar" "$url/ui/login" --data-urlencode "csrf=$csrf" --data-urlencode username=admin --data-urlencode "password=$BENCH_PASSWORD"
session=$(awk '$6 == "pangolin_session" {print $7}' "$jar")
page=$(curl -sf -H "Cookie: pangolin_session=$session" "$url/ui/assets/$id?$query")
echo "page: $(wc -c <<<"$page") bytes, $(grep -o '<g class="node' <<<"$page" | wc -l) boxes and $(grep -o '<g class="edge"' <<<"$page" | wc -l) arrows drawn" | tee -a "$OUT_DIR/graph.txt"

phase() { # phase NAME wrk-arguments...
  local name=$1; shift
  wrk -t 1 -c 1 -d "$DURATION" --latency "$@" >"$OUT_DIR/$name.txt"
  echo "$name $(awk '/^Requests\/sec/ {print $2}' "$OUT_DIR/$name.txt") $(awk '$1 == "50%" {print $2}' "$OUT_DIR/$name.txt") $(awk '$1 == "99%" {print $2}' "$OUT_DIR/$name.txt") $(awk '/Non-2xx/ {print $5}' "$OUT_DIR/$name.txt")"
}
ms() { awk -v t="$1" 'BEGIN { if (t ~ /us$/) print t / 1000; else if (t ~ /ms$/) print t + 0; else print t * 1000 }'; }

log "JSON lineage endpoint"; json=$(phase lineage-json -H "Authorization: Bearer $token" "$url/api/v1/assets/$id/lineage?$query")
log "asset page";            html=$(phase asset-page -H "Cookie: pangolin_session=$session" "$url/ui/assets/$id?$query")
{
  printf '%-13s %8s %8s %8s %8s %10s\n' phase req/s p50-ms p99-ms non-2xx "p50 ratio"
  read -r _ _ json_p50 _ _ <<<"$json"
  for line in "$json" "$html"; do
    read -r name rps p50 p99 errors <<<"$line"
    printf '%-13s %8.0f %8.2f %8.2f %8s %10.2f\n' "$name" "$rps" "$(ms "$p50")" "$(ms "$p99")" "${errors:-0}" \
      "$(awk -v a="$(ms "$p50")" -v b="$(ms "$json_p50")" 'BEGIN { print a / b }')"
  done
  echo "goal: the asset page in at most 200 ms (p99 above)"
} | tee "$OUT_DIR/summary.txt"
