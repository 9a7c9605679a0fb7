"""The peer of the data-assets benchmark: DuckDB, which mad_prefect uses to write and query
artifacts. Writes the same rows (ROWS, eight mixed columns) from Python batches of BATCH rows to
JSON Lines and CSV, or with FORMAT=parquet to Parquet (snappy), then opens a new connection and
runs the same query on the first file. For Parquet it also times COPY alone, of rows made inside
DuckDB, and prints the file's size."""

import os
import shutil
import tempfile
import time
from datetime import datetime, timedelta, timezone

import duckdb
import pandas  # DuckDB takes a batch from a DataFrame far faster than from executemany

ROWS = int(os.environ.get("ROWS", "1000000"))
FORMAT = os.environ.get("FORMAT", "json|csv")
BATCH = int(os.environ.get("BATCH", "100000"))
REGIONS = ["emea", "apac", "amer", "latam", "mena"]
START = datetime.fromtimestamp(1_750_000_000, tz=timezone.utc)

directory = tempfile.mkdtemp(prefix="duckdb-peer-")
try:
    started = time.perf_counter()
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE sales (id BIGINT, customer VARCHAR, email VARCHAR, amount DOUBLE, quantity BIGINT, "
        "active BOOLEAN, createdAt TIMESTAMPTZ, region VARCHAR)"
    )
    for first in range(0, ROWS, BATCH):
        rows = [
            (i, f"customer {i % 50_000}", f"user{i}@example.com", (i % 10_000) / 100, i % 17, i % 3 != 0,
             START + timedelta(milliseconds=i), REGIONS[i % len(REGIONS)])
            for i in range(first, min(first + BATCH, ROWS))
        ]
        frame = pandas.DataFrame(rows, columns=["id", "customer", "email", "amount", "quantity", "active", "createdAt", "region"])
        con.register("batch", frame)
        con.execute("INSERT INTO sales SELECT * FROM batch")
        con.unregister("batch")
    if FORMAT == "parquet":
        con.execute(f"COPY sales TO '{directory}/sales.parquet' (FORMAT parquet, COMPRESSION snappy)")
        source = f"read_parquet('{directory}/sales.parquet')"
    else:
        con.execute(f"COPY sales TO '{directory}/sales.json' (FORMAT JSON)")
        con.execute(f"COPY sales TO '{directory}/sales.csv' (FORMAT CSV, HEADER)")
        source = f"read_json_auto('{directory}/sales.json')"
    elapsed = time.perf_counter() - started
    copy_only = None
    if FORMAT == "parquet":
        # COPY alone: the table is already in DuckDB, as a columnar engine's own rows are.
        copy_started = time.perf_counter()
        con.execute(f"COPY sales TO '{directory}/again.parquet' (FORMAT parquet, COMPRESSION snappy)")
        copy_only = time.perf_counter() - copy_started
    con.close()

    query_started = time.perf_counter()
    fresh = duckdb.connect()
    fresh.execute(
        f"SELECT region, count(*) AS orders, round(sum(amount), 2) AS revenue, round(avg(quantity), 3) "
        f"FROM {source} WHERE active AND amount > 50 GROUP BY region ORDER BY region"
    ).fetchall()
    query = (time.perf_counter() - query_started) * 1000
    print(f"DuckDB {duckdb.__version__} {FORMAT} from Python batches: {int(ROWS / elapsed)} rows/s; first query {query:.1f} ms")
    if copy_only is not None:
        size = os.path.getsize(f"{directory}/sales.parquet")
        print(f"DuckDB COPY to parquet of its own table: {int(ROWS / copy_only)} rows/s; file {size} bytes")
finally:
    shutil.rmtree(directory, ignore_errors=True)
