#!/usr/bin/env bash
# Lineage and reference benchmark: builds the server in release mode (scratch path .build-bench,
# shared with Benchmarks/catalog), then runs bench.py against it. See README.md next to this file.
#
#   Benchmarks/lineage/run.sh              # 10,000 nodes, a 1,000-node downstream query, 10,000 versions
#   SKIP_BUILD=1 Benchmarks/lineage/run.sh # reuse the binary in .build-bench
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  echo "building pangolin-server (release, scratch path .build-bench)" >&2
  swift build -c release --product pangolin-server --scratch-path .build-bench 2>&1 | tail -n 3 >&2
fi
BIN="$(swift build -c release --scratch-path .build-bench --show-bin-path)/pangolin-server"
[[ -x "$BIN" ]] || { echo "no server binary at $BIN" >&2; exit 1; }
exec python3 "$HERE/bench.py" "$BIN"
