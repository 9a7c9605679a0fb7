"""Objects on a real S3 server (SeaweedFS), exchanged with boto3, pyarrow, pandas/s3fs and pypangolin.

The library's side is driven through ``artifact-tool`` and the data-assets example, pointed at the
server with the usual ``AWS_*`` variables, or with no keys at all when a catalog's warehouse hands
its keys to the writer.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from artifact_tool import read_with_tool, tool, write_rows
from conftest import unique
from pypangolin import PangolinClient
from pypangolin.assets import CsvAsset
from test_data_assets import example_binary

ROWS = [
    {"id": 1, "name": "Zürich", "amount": 1.5},
    {"id": 2, "name": "O'Brien, \"B\"", "amount": -2.25},
    {"id": 3, "name": "line one\nline two", "amount": 0.0},
]


def without_aws(environment: dict) -> dict:
    return {k: v for k, v in environment.items() if not k.startswith("AWS_")}


def test_boto3_reads_what_swift_wrote_in_every_format(s3, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    source = write_rows(tmp_path / "rows.jsonl", ROWS)
    env = dict(os.environ, **s3.environment)
    for name in ["rows.parquet", "rows.csv", "rows.csv.gz", "rows.jsonl"]:
        tool("write", str(source), f"s3://{bucket}/from-swift/{name}", env=env)
    boto = s3.boto3()
    body = {name: boto.get_object(Bucket=bucket, Key=f"from-swift/{name}")["Body"].read()
            for name in ["rows.parquet", "rows.csv", "rows.csv.gz", "rows.jsonl"]}
    assert pq.read_table(io.BytesIO(body["rows.parquet"])).to_pylist() == ROWS
    assert pd.read_csv(io.BytesIO(body["rows.csv"])).to_dict("records") == ROWS
    assert gzip.decompress(body["rows.csv.gz"]) == body["rows.csv"]
    assert [json.loads(line) for line in body["rows.jsonl"].decode().splitlines()] == ROWS


def test_swift_reads_what_boto3_wrote(s3, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    boto = s3.boto3()
    parquet = io.BytesIO()
    pq.write_table(pa.Table.from_pylist(ROWS), parquet, compression="zstd")
    boto.put_object(Bucket=bucket, Key="from boto3/rows+1.parquet", Body=parquet.getvalue())
    boto.put_object(Bucket=bucket, Key="from boto3/rows.csv", Body=pd.DataFrame(ROWS).to_csv(index=False).encode())
    env = dict(os.environ, **s3.environment)
    assert read_with_tool(f"s3://{bucket}/from boto3/rows+1.parquet", env=env) == ROWS
    assert read_with_tool(f"s3://{bucket}/from boto3/rows.csv", env=env) == ROWS


def test_a_large_artifact_goes_up_in_parts_and_reads_back_whole(s3) -> None:
    bucket = s3.new_bucket()
    env = dict(os.environ, **s3.environment)
    tool("sequence", f"s3://{bucket}/big/sequence.parquet", "1500000", env=env)
    boto = s3.boto3()
    head = boto.head_object(Bucket=bucket, Key="big/sequence.parquet")
    assert head["ContentLength"] > 8 * 1024 * 1024
    assert "-" in head["ETag"], "a multipart upload's ETag names its part count"
    assert boto.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []
    table = pq.read_table(io.BytesIO(boto.get_object(Bucket=bucket, Key="big/sequence.parquet")["Body"].read()))
    assert table.num_rows == 1_500_000
    assert table.column("id").to_pylist()[-1] == 1_499_999


def test_a_wrong_secret_is_refused_with_what_to_check(s3, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    env = {**os.environ, **s3.environment, "AWS_SECRET_ACCESS_KEY": "not-the-secret"}
    binary = os.environ.get("ARTIFACT_TOOL")
    completed = subprocess.run([binary, "write", str(write_rows(tmp_path / "rows.jsonl", ROWS)), f"s3://{bucket}/x.csv"],
                               capture_output=True, text=True, timeout=60, env=env)
    assert completed.returncode == 1
    assert "403" in completed.stderr and "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in completed.stderr
    assert s3.boto3().list_objects_v2(Bucket=bucket).get("KeyCount") == 0


def test_pypangolin_csvasset_write_to_s3_is_read_by_swift_with_the_warehouse_keys(
        s3, client: PangolinClient, base_url: str, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    warehouse, catalog = unique("wh"), unique("cat")
    client.warehouses.create_s3(warehouse, bucket=bucket, endpoint=s3.endpoint, access_key="compat-access-key",
                                secret_key="compat-secret-key-0123456789")
    client.catalogs.create(catalog, warehouse=warehouse)
    client.catalogs.namespaces(catalog).create(["events"])
    frame = pd.DataFrame(ROWS)
    location = f"s3://{bucket}/events/from-pandas.csv"
    CsvAsset.write(client, catalog, "events", "from_pandas", frame, location, index=False, storage_options=s3.storage_options)
    # The Swift side holds no storage keys: it reads with those the warehouse hands to its writers.
    env = without_aws(dict(os.environ, PANGOLIN_URL=base_url, PANGOLIN_TOKEN=client.token))
    lines = tool("read-asset", "--reference", f"{catalog}.events.from_pandas", env=env).splitlines()
    assert [{k: list(v.values())[0] for k, v in json.loads(line)} for line in lines] == [
        {"id": "1", "name": "Zürich", "amount": "1.5"},
        {"id": "2", "name": "O'Brien, \"B\"", "amount": "-2.25"},
        {"id": "3", "name": "line one\nline two", "amount": "0.0"},
    ]
    # And writes with them: the new version is an object boto3 reads.
    written = f"s3://{bucket}/events/from-swift.parquet"
    source = write_rows(tmp_path / "rows.jsonl", ROWS)
    tool("write-asset", str(source), "--catalog", catalog, "--namespace", "events", "--name", "from_swift", "--location", written, env=env)
    body = s3.boto3().get_object(Bucket=bucket, Key="events/from-swift.parquet")["Body"].read()
    assert pq.read_table(io.BytesIO(body)).to_pylist() == ROWS
    assert client.get(f"/api/v1/catalogs/{catalog}/namespaces/events/assets/from_swift")["location"] == written


def test_the_example_pipeline_runs_on_s3_unchanged(s3, tmp_path: Path) -> None:
    bucket = s3.new_bucket()
    env = dict(os.environ, **s3.environment, FILESYSTEM_URL=f"s3://{bucket}/pipeline")
    for name in ["PANGOLIN_URL", "PANGOLIN_TOKEN", "PANGOLIN_API_KEY"]:
        env.pop(name, None)
    completed = subprocess.run([str(example_binary())], capture_output=True, text=True, env=env, timeout=180)
    assert completed.returncode == 0, completed.stderr
    assert f"s3://{bucket}/pipeline/silver/revenue_by_country.json" in completed.stdout
    assert "GB      | 4      | 61.96" in completed.stdout
    boto = s3.boto3()
    keys = {entry["Key"] for entry in boto.list_objects_v2(Bucket=bucket, Prefix="pipeline/")["Contents"]}
    assert {"pipeline/silver/revenue_by_country.json", "pipeline/silver/revenue_by_country.csv", "pipeline/bronze/orders.json"} <= keys
    assert len([key for key in keys if key.startswith("pipeline/_pangolin/runs/")]) == 3
    local = tmp_path / "revenue.csv"
    boto.download_file(bucket, "pipeline/silver/revenue_by_country.csv", str(local))
    rows = duckdb.connect().execute("SELECT country, orders, revenue FROM read_csv_auto(?) ORDER BY country", [str(local)]).fetchall()
    assert rows == [("GB", 4, 61.96), ("NL", 4, 69.96), ("US", 4, 65.96)]


def test_readme_s3_example_runs(s3, tmp_path: Path) -> None:
    """The README's S3 block runs the example pipeline into my-bucket and prints the line it shows."""
    from test_pypangolin import readme_block

    script = readme_block("<!-- s3:bash -->", ("```bash", "```sh"))
    boto = s3.boto3()
    if "my-bucket" not in [bucket["Name"] for bucket in boto.list_buckets().get("Buckets", [])]:
        boto.create_bucket(Bucket="my-bucket")
    env = dict(os.environ, **s3.environment)
    for name in ["PANGOLIN_URL", "PANGOLIN_TOKEN", "PANGOLIN_API_KEY"]:
        env.pop(name, None)
    env["PATH"] = f"{example_binary().parent}:{env['PATH']}"
    completed = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, capture_output=True,
                               text=True, env=env, timeout=180)
    assert completed.returncode == 0, completed.stderr
    shown = readme_block("and prints, among its lines:", ("```text",)).strip("\n")
    assert shown in completed.stdout.splitlines(), completed.stdout
    keys = {entry["Key"] for entry in boto.list_objects_v2(Bucket="my-bucket", Prefix="pipeline/")["Contents"]}
    assert "pipeline/silver/revenue_by_country.csv" in keys
