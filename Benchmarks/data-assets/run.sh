#!/usr/bin/env bash
# Data-assets benchmark: materializes ROWS rows of eight mixed columns to `json|csv` (or, with
# FORMAT=parquet, to Parquet with snappy, fragments in Parquet too) with a release build, then runs
# a filter-and-aggregate query in a new session (loading included). Then the same with DuckDB from
# PyPI, the engine mad_prefect writes and queries with, and prints the ratios.
#
#   Benchmarks/data-assets/run.sh                   # 1,000,000 rows to json|csv in batches of 100,000
#   FORMAT=parquet Benchmarks/data-assets/run.sh    # the same rows to Parquet
#   ROWS=100000 Benchmarks/data-assets/run.sh       # smoke run
#
# Environment: ROWS [1000000], BATCH [100000], RUNS [3] (best of), FORMAT [json|csv] or parquet,
# PEER [1] (0 skips DuckDB), SKIP_BUILD [0] (1 uses the binary already in .build-bench), QUERY_TABLE [1].
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
export ROWS=${ROWS:-1000000} BATCH=${BATCH:-100000}
RUNS=${RUNS:-3}
PEER=${PEER:-1}
export FORMAT=${FORMAT:-json|csv}
if [ "$FORMAT" = parquet ]; then export OUTPUTS=parquet FRAGMENTS=parquet; fi

cd "$ROOT"
if [ "${SKIP_BUILD:-0}" != 1 ]; then
    swift build -c release --scratch-path .build-bench --product data-assets-benchmark >&2
fi
BIN="$ROOT/.build-bench/release/data-assets-benchmark"
TIME=$(command -v /usr/bin/time || true)

best_rate=0 best_query=999999
for run in $(seq "$RUNS"); do
    echo "== run $run of $RUNS" >&2
    if [ -n "$TIME" ]; then
        output=$("$TIME" -v "$BIN" 2>&1)
    else
        output=$("$BIN")
    fi
    echo "$output" | grep -E "^(rows|materialize|  |first query|second query|peak memory)|Maximum resident" >&2 || true
    rate=$(echo "$output" | sed -n 's/.* — \([0-9]*\) rows\/s/\1/p')
    size=$(echo "$output" | sed -n 's/^  bench\/sales.parquet: \([0-9]*\) bytes.*/\1/p')
    query=$(echo "$output" | sed -n 's/^first query (loading included): \([0-9.]*\) ms/\1/p')
    [ "$rate" -gt "$best_rate" ] && best_rate=$rate
    best_query=$(python3 -c "print(min($best_query, $query))")
done
echo
echo "DataAssets $FORMAT, best of $RUNS: $best_rate rows/s; first query $best_query ms${size:+; file $size bytes}"

if [ "$PEER" = 1 ]; then
    VENV="$ROOT/.venv"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    "$VENV/bin/python" -c "import duckdb, pandas" 2>/dev/null || "$VENV/bin/python" -m pip install --quiet duckdb pandas
    peer=$("$VENV/bin/python" "$HERE/duckdb_peer.py")
    echo "$peer"
    peer_rate=$(echo "$peer" | head -n 1 | sed -n 's/^DuckDB.*: \([0-9]*\) rows\/s.*/\1/p')
    peer_query=$(echo "$peer" | head -n 1 | sed -n 's/.*first query \([0-9.]*\) ms/\1/p')
    python3 -c "print(f'ratio DataAssets/DuckDB: materialize {$best_rate / $peer_rate:.2f}x the rows/s, first query {$best_query / $peer_query:.2f}x the time')"
    peer_size=$(echo "$peer" | sed -n 's/.*; file \([0-9]*\) bytes/\1/p')
    if [ -n "$size" ] && [ -n "$peer_size" ]; then
        peer_copy=$(echo "$peer" | sed -n 's/^DuckDB COPY.*: \([0-9]*\) rows\/s.*/\1/p')
        python3 -c "print(f'ratio DataAssets/DuckDB: Parquet file {$size / $peer_size:.2f}x the size; rows/s {$best_rate / $peer_copy:.2f}x DuckDB COPY of its own table')"
    fi
fi
