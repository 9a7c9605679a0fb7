"""Parquet files exchanged both ways with pyarrow and DuckDB, and through the asset-data API.

The library's side is driven through ``artifact-tool`` (``ARTIFACT_TOOL``, built by ``run.sh``),
which reads and writes files with the library's own formats and prints rows as typed JSON, so that
every value keeps its type on the way: ``[column, {"int": "…"}]`` pairs per row.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
import uuid
from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from artifact_tool import assert_rows, read_with_tool, tool, untagged, write_rows
from conftest import Scope

from pypangolin import PangolinClient
from pypangolin.assets import CsvAsset, ParquetAsset

REPO_ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc


# --------------------------------------------------------------------------- the rows


BIG = Decimal("12345678901234567890123456.789012345678")  # 38 digits


def rows() -> list[dict]:
    base = [
        {"id": -(2**63), "text": "Ada, \"quoted\"\nline", "score": math.nan, "flag": True,
         "at": dt.datetime(1969, 7, 20, 20, 17, 40, 123456, tzinfo=UTC), "day": dt.date(1900, 1, 1), "amount": BIG,
         "ref": uuid.UUID("e621e1f8-c36c-495a-93fc-0c247a3e6e5f"), "tags": ["a", "", "日本 🚀"],
         "address": {"city": "Zürich", "zip": 8000}, "points": [{"x": 1.5, "labels": [1, 2]}, {"x": -0.0, "labels": []}],
         "same": "constant"},
        {"id": 2**63 - 1, "text": "", "score": math.inf, "flag": False, "at": dt.datetime(2026, 1, 1, tzinfo=UTC),
         "day": dt.date(1969, 12, 31), "amount": Decimal("-1.5"), "ref": None, "tags": [], "address": {"city": None, "zip": None},
         "points": [], "same": "constant"},
        {"id": 0, "text": "ünïcødé ✓", "score": -math.inf, "flag": None, "at": None, "day": dt.date(2000, 2, 29), "amount": None,
         "ref": uuid.UUID("00000000-0000-0000-0000-000000000001"), "tags": None, "address": None, "points": None, "same": "constant"},
        {"id": None, "text": None, "score": -0.0, "flag": True, "at": dt.datetime(1900, 1, 1, tzinfo=UTC), "day": None,
         "amount": Decimal("0"), "ref": None, "tags": ["x"], "address": {"city": "", "zip": -1}, "points": [{"x": None, "labels": None}],
         "same": "constant"},
    ]
    # Enough rows for several pages and a dictionary worth keeping.
    filler = [{**base[i % 4], "id": 1000 + i, "same": "constant"} for i in range(2000)]
    return base + filler


def arrow_table(data: list[dict]) -> pa.Table:
    schema = pa.schema([
        ("id", pa.int64()), ("text", pa.string()), ("score", pa.float64()), ("flag", pa.bool_()),
        ("at", pa.timestamp("us", tz="UTC")), ("day", pa.date32()), ("amount", pa.decimal128(38, 12)), ("ref", pa.uuid()),
        ("tags", pa.list_(pa.string())), ("address", pa.struct([("city", pa.string()), ("zip", pa.int64())])),
        ("points", pa.list_(pa.struct([("x", pa.float64()), ("labels", pa.list_(pa.int64()))]))), ("same", pa.string()),
    ])
    converted = [{**row, "ref": row["ref"].bytes if row["ref"] else None} for row in data]
    return pa.Table.from_pylist(converted, schema=schema)


def from_arrow(table: pa.Table) -> list[dict]:
    result = []
    for row in table.to_pylist():
        if isinstance(row.get("ref"), bytes):
            row["ref"] = uuid.UUID(bytes=row["ref"])
        result.append(row)
    return result


# --------------------------------------------------------------------------- the library's files, read by others


@pytest.mark.parametrize("compression", ["snappy", "gzip", "zstd", "none"])
def test_pyarrow_reads_every_type_the_library_writes(tmp_path: Path, compression: str) -> None:
    data = rows()
    file = tmp_path / "rows.parquet"
    tool("write", str(write_rows(tmp_path / "rows.jsonl", data)), str(file), "--compression", compression)
    metadata = pq.ParquetFile(file).metadata
    assert metadata.created_by.startswith("pangolin-swift version ")
    assert metadata.row_group(0).column(0).compression.lower() == ("uncompressed" if compression == "none" else compression)
    assert b"pangolin.schema" in metadata.metadata
    table = pq.read_table(file)
    assert str(table.schema.field("amount").type) == "decimal128(38, 12)"
    assert str(table.schema.field("at").type) == "timestamp[us, tz=UTC]"
    assert str(table.schema.field("day").type) == "date32[day]"
    assert_rows(from_arrow(table), data)
    # Statistics: min, max and nulls of every chunk, as pyarrow reads them.
    stats = metadata.row_group(0).column(0).statistics
    assert (stats.min, stats.max, stats.null_count) == (-(2**63), 2**63 - 1, 1)


def test_duckdb_reads_every_type_the_library_writes(tmp_path: Path) -> None:
    data = rows()
    file = tmp_path / "rows.parquet"
    tool("write", str(write_rows(tmp_path / "rows.jsonl", data)), str(file))
    con = duckdb.connect()
    result = con.execute(f"SELECT * FROM '{file}'")
    names = [d[0] for d in result.description]
    got = [dict(zip(names, row)) for row in result.fetchall()]
    for row in got:
        row["at"] = row["at"].astimezone(UTC) if row["at"] else None
    assert_rows(got, data)
    assert con.execute(f"SELECT typeof(amount), typeof(day), typeof(ref) FROM '{file}' LIMIT 1").fetchone() == ("DECIMAL(38,12)", "DATE", "UUID")


def test_a_million_rows_written_by_the_library_add_up_in_duckdb(tmp_path: Path) -> None:
    file = tmp_path / "million.parquet"
    count = 1_000_000
    tool("sequence", str(file), str(count))
    con = duckdb.connect()
    got = con.execute(
        f"SELECT count(*), sum(id), sum(amount), count(flag), sum(CASE WHEN flag THEN 1 ELSE 0 END), count(DISTINCT region), "
        f"min(\"at\"), max(\"at\") FROM '{file}'"
    ).fetchone()
    ids = range(count)
    assert got[0] == count
    assert got[1] == sum(ids)
    assert got[2] == sum((i % 1000) / 4 for i in ids)
    assert got[3] == sum(1 for i in ids if i % 7 != 0)
    assert got[4] == sum(1 for i in ids if i % 7 != 0 and i % 2 == 0)
    assert got[5] == 3
    assert got[6].timestamp() == 1_750_000_000 and got[7].timestamp() == 1_750_000_000 + count - 1
    assert pq.ParquetFile(file).metadata.num_row_groups == 4


# --------------------------------------------------------------------------- others' files, read by the library


@pytest.mark.parametrize("options", [
    {},
    {"data_page_version": "2.0"},
    {"compression": "zstd"},
    {"compression": "gzip"},
    {"use_dictionary": False, "compression": "none"},
    {"data_page_version": "2.0", "compression": "zstd", "use_dictionary": False, "column_encoding": {"id": "DELTA_BINARY_PACKED"}},
    {"row_group_size": 300},
], ids=["default", "v2-pages", "zstd", "gzip", "plain", "v2-delta", "small-row-groups"])
def test_the_library_reads_what_pyarrow_writes(tmp_path: Path, options: dict) -> None:
    data = rows()
    file = tmp_path / "arrow.parquet"
    pq.write_table(arrow_table(data), file, **options)
    assert_rows(read_with_tool(file), data)


def test_the_library_reads_only_the_columns_asked_for(tmp_path: Path) -> None:
    data = rows()
    file = tmp_path / "arrow.parquet"
    pq.write_table(arrow_table(data), file)
    assert_rows(read_with_tool(file, "--columns", "points,id"), [{"id": r["id"], "points": r["points"]} for r in data])


def test_the_library_reads_what_duckdb_writes(tmp_path: Path) -> None:
    file = tmp_path / "duck.parquet"
    duckdb.connect().execute(f"""
        COPY (
            SELECT i AS id, 'name ' || i AS name, i / 4.0 AS ratio, CAST(i AS DECIMAL(18, 3)) / 8 AS price,
                   DATE '1960-01-01' + CAST(i AS INTEGER) AS day, TIMESTAMPTZ '1960-01-01 00:00:00+00' + i * INTERVAL 1 SECOND AS at,
                   i % 2 = 0 AS even, CASE WHEN i % 5 = 0 THEN NULL ELSE i END AS maybe,
                   [i, i + 1] AS pair, {{'k': i, 'label': 'l' || (i % 3)}} AS item,
                   CASE WHEN i % 4 = 0 THEN [] ELSE [{{'v': i}}] END AS nested
            FROM range(3000) t(i)
        ) TO '{file}' (FORMAT parquet)
    """)
    got = read_with_tool(file)
    assert len(got) == 3000
    row = got[1234]
    assert row["id"] == 1234 and row["name"] == "name 1234" and row["ratio"] == 308.5
    assert row["price"] == Decimal("154.25")
    assert row["day"] == dt.date(1960, 1, 1) + dt.timedelta(days=1234)
    assert row["at"] == dt.datetime(1960, 1, 1, tzinfo=UTC) + dt.timedelta(seconds=1234)
    assert row["even"] is True and row["maybe"] == 1234
    assert row["pair"] == [1234, 1235] and row["item"] == {"k": 1234, "label": "l1"} and row["nested"] == [{"v": 1234}]
    assert got[1235]["maybe"] is None and got[1236]["nested"] == []


def test_a_damaged_file_is_an_error_naming_what_is_wrong(tmp_path: Path) -> None:
    file = tmp_path / "damaged.parquet"
    pq.write_table(arrow_table(rows()), file)
    data = bytearray(file.read_bytes())
    data[-1:] = b"X"
    file.write_bytes(bytes(data))
    binary = os.environ.get("ARTIFACT_TOOL") or str(REPO_ROOT / ".build" / "debug" / "artifact-tool")
    completed = subprocess.run([binary, "read", str(file)], capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    assert "not a Parquet file" in completed.stderr


# --------------------------------------------------------------------------- the asset-data API and pypangolin


def asset_env(base_url: str, client: PangolinClient) -> dict:
    return dict(os.environ, PANGOLIN_URL=base_url, PANGOLIN_TOKEN=client.token)


def test_pypangolin_parquet_assets_read_in_swift_and_the_other_way(client: PangolinClient, base_url: str, scope: Scope,
                                                                  tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": [1, 2, 3], "name": ["a", "b", None], "amount": [1.5, 2.25, math.nan]})
    location = str(tmp_path / "from-python.parquet")
    ParquetAsset.write(client, scope.catalog, scope.namespace, "from_python", frame, location, compression="snappy")
    env = asset_env(base_url, client)
    lines = tool("read-asset", "--reference", f"{scope.namespace}.from_python", "--catalog", scope.catalog, env=env).splitlines()
    got = [{k: untagged(v) for k, v in json.loads(line)} for line in lines]
    assert_rows(got, [{"id": 1, "name": "a", "amount": 1.5}, {"id": 2, "name": "b", "amount": 2.25},
                      {"id": 3, "name": None, "amount": None}])  # pandas stores NaN as missing

    data = [{"id": i, "label": f"row {i}", "price": Decimal(i) / 4, "day": dt.date(2025, 12, 1)} for i in range(5)]
    swift_location = str(tmp_path / "from-swift.parquet")
    version = tool("write-asset", str(write_rows(tmp_path / "rows.jsonl", data)), "--catalog", scope.catalog,
                   "--namespace", scope.namespace, "--name", "from_swift", "--location", swift_location, "--compression", "snappy", env=env)
    assert version.strip() == "1"
    back = ParquetAsset.read(client, scope.catalog, scope.namespace, "from_swift")
    assert list(back["id"]) == [0, 1, 2, 3, 4]
    assert list(back["label"]) == [f"row {i}" for i in range(5)]
    assert [Decimal(str(p)) for p in back["price"]] == [Decimal(i) / 4 for i in range(5)]
    asset = client.get(f"/api/v1/catalogs/{scope.catalog}/namespaces/{scope.namespace}/assets/from_swift")
    assert asset["kind"] == "PARQUET_TABLE" and asset["properties"]["format"] == "parquet" and asset["properties"]["row_count"] == "5"


def test_gzip_csv_assets_go_both_ways(client: PangolinClient, base_url: str, scope: Scope, tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": [1, 2], "city": ["Zürich", "Oslo"]})
    location = str(tmp_path / "cities.csv.gz")
    CsvAsset.write(client, scope.catalog, scope.namespace, "cities", frame, location, compression="gzip", index=False)
    env = asset_env(base_url, client)
    lines = tool("read-asset", "--reference", f"{scope.catalog}.{scope.namespace}.cities", env=env).splitlines()
    assert [{k: untagged(v) for k, v in json.loads(line)} for line in lines] == [{"id": 1, "city": "Zürich"}, {"id": 2, "city": "Oslo"}]

    data = [{"id": 7, "city": "Kyoto"}]
    swift_location = str(tmp_path / "swift-cities.csv.gz")
    tool("write-asset", str(write_rows(tmp_path / "cities.jsonl", data)), "--catalog", scope.catalog, "--namespace", scope.namespace,
         "--name", "swift_cities", "--location", swift_location, env=env)
    assert Path(swift_location).read_bytes()[:2] == b"\x1f\x8b"
    back = CsvAsset.read(client, scope.catalog, scope.namespace, "swift_cities")
    assert back.to_dict("records") == [{"id": 7, "city": "Kyoto"}]
