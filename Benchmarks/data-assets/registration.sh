#!/usr/bin/env bash
# What registering in the catalog adds to a materialization: starts a release build of
# pangolin-server on a free loopback port (a durable SQLite database, as users run it), creates a
# catalog and a namespace, and runs the data-assets benchmark in MODE=registration, which
# materializes the same small assets with and without the catalog in alternating rounds.
#
#   Benchmarks/data-assets/registration.sh                 # 100 assets of 100 rows, 6 rounds
#   ASSETS=20 ROUNDS=2 Benchmarks/data-assets/registration.sh
#
# Environment: ASSETS [100], ROWS [100], ROUNDS [6], SKIP_BUILD [0] (1 uses the binaries already
# in .build-bench), IN_MEMORY [0] (1 runs the server with --in-memory: no disk syncs).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
export ASSETS=${ASSETS:-100} ROWS=${ROWS:-100} ROUNDS=${ROUNDS:-6}
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    for product in pangolin-server data-assets-benchmark; do
        swift build -c release --scratch-path .build-bench --product "$product" 2>&1 | tail -n 1 >&2
    done
fi
BIN="$(swift build -c release --scratch-path .build-bench --show-bin-path)"

WORK=$(mktemp -d /tmp/registration-bench-XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
URL="http://127.0.0.1:$PORT"
PASSWORD=bench-password-123
storage=(--data-dir "$WORK/data")
[ "${IN_MEMORY:-0}" = 1 ] && storage=(--in-memory)
PANGOLIN_ROOT_PASSWORD=$PASSWORD PANGOLIN_LOG_LEVEL=warning "$BIN/pangolin-server" --port "$PORT" "${storage[@]}" >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do curl -fs "$URL/health/ready" >/dev/null && break; sleep 0.1; done

TOKEN=$(curl -fs "$URL/api/v1/users/login" -H 'Content-Type: application/json' \
    -d "{\"username\": \"admin\", \"password\": \"$PASSWORD\"}" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
curl -fs "$URL/api/v1/catalogs" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"name": "bench"}' >/dev/null
curl -fs "$URL/v1/bench/namespaces" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{"namespace": ["readings"]}' >/dev/null

echo "server: release build on $URL, ${storage[*]}" >&2
MODE=registration PANGOLIN_URL=$URL PANGOLIN_TOKEN=$TOKEN PANGOLIN_CATALOG=bench PANGOLIN_NAMESPACE=readings "$BIN/data-assets-benchmark"
