"""Iceberg tables through the catalog's REST protocol, driven by real PyIceberg through pypangolin's
`get_iceberg_catalog`, against the real server binary. The tables live in the server's own table
directory (the catalog has no warehouse), which PyIceberg writes data files into as any client of
a local warehouse does; DuckDB then reads the same table from its metadata file.
"""

from __future__ import annotations

import importlib
import threading
from pathlib import Path

import boto3
import duckdb
import pyarrow as pa
import pytest
import requests
from pyiceberg.exceptions import CommitFailedException, ForbiddenError, NoSuchTableError
from pyiceberg.expressions import GreaterThanOrEqual
from pyiceberg.partitioning import PartitionField, PartitionSpec
from pyiceberg.schema import Schema
from pyiceberg.transforms import IdentityTransform
from pyiceberg.types import LongType, NestedField, StringType
from pypangolin import PangolinClient
from pypangolin.catalog import get_iceberg_catalog

from conftest import unique

PASSWORD = "iceberg-reader-password"

SCHEMA = Schema(
    NestedField(1, "id", LongType(), required=False),
    NestedField(2, "region", StringType(), required=False),
)
SPEC = PartitionSpec(PartitionField(source_id=2, field_id=1000, transform=IdentityTransform(), name="region"))


def rows(start: int, count: int) -> pa.Table:
    return pa.table({
        "id": pa.array(range(start, start + count), pa.int64()),
        "region": pa.array(["eu" if i % 2 else "us" for i in range(start, start + count)]),
    })


@pytest.fixture
def lake(base_url, client):
    """A catalog with no warehouse and one namespace, and a PyIceberg catalog on it as root."""
    name = unique("lake")
    client.post("/api/v1/catalogs", json={"name": name, "catalog_type": "Local"})
    client.catalogs.namespaces(name).create(["sales"])
    return name, get_iceberg_catalog(name, uri=base_url, token=client.token)


def duckdb_extension(name: str) -> Path:
    """The file of a DuckDB extension installed from PyPI (duckdb-extension-<name>)."""
    package = importlib.import_module(f"duckdb_extension_{name}")
    return Path(package.__file__).parent / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"


def append_with_retry(catalog, identifier, data: pa.Table, attempts: int = 10) -> None:
    """Appends as a writer that lost a race does: reload the table and try again."""
    for _ in range(attempts):
        try:
            catalog.load_table(identifier).append(data)
            return
        except CommitFailedException:
            continue
    raise AssertionError(f"the append to {identifier} never landed")


def test_create_append_scan_evolve_and_time_travel(base_url, client, lake):
    name, catalog = lake
    table = catalog.create_table("sales.orders", schema=SCHEMA, partition_spec=SPEC)
    assert catalog.table_exists("sales.orders")
    assert ("sales", "orders") in catalog.list_tables("sales")

    table.append(rows(0, 10))
    first = table.current_snapshot().snapshot_id
    table.append(rows(10, 10))
    table = catalog.load_table("sales.orders")
    assert table.scan().to_arrow().num_rows == 20
    assert table.scan(row_filter=GreaterThanOrEqual("id", 15)).to_arrow().num_rows == 5
    assert table.scan(row_filter="region = 'eu'").to_arrow().num_rows == 10

    with table.update_schema() as update:
        update.add_column("amount", LongType())
    table = catalog.load_table("sales.orders")
    table.append(rows(20, 5).append_column("amount", pa.array([7] * 5, pa.int64())))
    scanned = catalog.load_table("sales.orders").scan().to_arrow()
    assert scanned.num_rows == 25
    assert scanned.column("amount").null_count == 20

    assert table.scan(snapshot_id=first).to_arrow().num_rows == 10

    # Every commit is a version of the table's asset; the first snapshot resolves by reference.
    resolved = requests.get(f"{base_url}/api/v1/resolve", params={"ref": f"{name}.sales.orders@snapshot-{first}"},
                            headers={"Authorization": f"Bearer {client.token}"})
    assert resolved.status_code == 200, resolved.text
    body = resolved.json()
    assert body["asset"]["kind"] == "ICEBERG_TABLE"
    assert body["version"]["properties"]["current-snapshot-id"] == str(first)

    # DuckDB reads the same rows from the table's current metadata file.
    location = catalog.load_table("sales.orders").metadata_location
    con = duckdb.connect()
    for extension in ("avro", "iceberg"):
        con.execute(f"LOAD '{duckdb_extension(extension)}'")
    assert con.execute(f"SELECT count(*) FROM iceberg_scan('{location}')").fetchone()[0] == 25


def test_commits_are_audited_and_versioned(base_url, client, lake):
    name, catalog = lake
    table = catalog.create_table("sales.audited", schema=SCHEMA)
    table.append(rows(0, 3))
    asset = client.get(f"/api/v1/catalogs/{name}/namespaces/sales/assets/audited")
    assert asset["kind"] == "ICEBERG_TABLE" and asset["version"] == 2
    actions = [e["action"] for e in client.get("/api/v1/audit", params={"resource_id": asset["id"]})]
    assert "create_table" in actions and "commit_table" in actions


def test_concurrent_appends_both_land(base_url, client, lake):
    name, catalog = lake
    catalog.create_table("sales.events", schema=SCHEMA)
    other = get_iceberg_catalog(name, uri=base_url, token=client.token)
    failures = []

    def append(cat, start):
        try:
            append_with_retry(cat, "sales.events", rows(start, 5))
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)

    threads = [threading.Thread(target=append, args=(cat, start)) for cat, start in ((catalog, 0), (other, 100))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    table = catalog.load_table("sales.events")
    assert table.scan().to_arrow().num_rows == 10
    assert len(table.snapshots()) == 2


def test_stale_commit_is_refused_and_changes_nothing(base_url, client, lake):
    name, catalog = lake
    catalog.create_table("sales.stale", schema=SCHEMA)
    catalog.load_table("sales.stale").append(rows(0, 2))
    before = catalog.load_table("sales.stale").metadata_location
    # A commit made against the table before that append: it expects main to have no snapshot.
    stale = requests.post(
        f"{base_url}/v1/{name}/namespaces/sales/tables/stale", headers={"Authorization": f"Bearer {client.token}"},
        json={"requirements": [{"type": "assert-ref-snapshot-id", "ref": "main", "snapshot-id": None}],
              "updates": [{"action": "set-properties", "updates": {"owner": "stale"}}]})
    assert stale.status_code == 409
    assert stale.json()["error"]["type"] == "CommitFailedException"
    table = catalog.load_table("sales.stale")
    assert table.metadata_location == before and "owner" not in table.properties
    assert table.scan().to_arrow().num_rows == 2


def test_reader_can_scan_but_not_append_or_see_other_namespaces(base_url, client, lake):
    name, catalog = lake
    client.catalogs.namespaces(name).create(["private"])
    catalog.create_table("sales.shared", schema=SCHEMA).append(rows(0, 4))
    catalog.create_table("private.secret", schema=SCHEMA)
    reader = unique("reader")
    user = client.users.create(reader, f"{reader}@example.com", "TenantUser", password=PASSWORD)
    client.permissions.grant(user.id, "read", "namespace", catalog_id=name, namespace="sales")
    token = PangolinClient(base_url, username=reader, password=PASSWORD).token
    theirs = get_iceberg_catalog(name, uri=base_url, token=token)

    table = theirs.load_table("sales.shared")
    assert table.scan().to_arrow().num_rows == 4
    with pytest.raises(ForbiddenError):
        table.append(rows(10, 1))
    with pytest.raises(NoSuchTableError):
        theirs.load_table("private.secret")


def test_drop_with_purge_removes_table_and_files(server, lake):
    _, catalog = lake
    table = catalog.create_table("sales.temporary", schema=SCHEMA)
    table.append(rows(0, 2))
    location = table.location()
    catalog.purge_table("sales.temporary")
    assert not catalog.table_exists("sales.temporary")
    with pytest.raises(NoSuchTableError):
        catalog.load_table("sales.temporary")
    assert not Path(location.removeprefix("file://")).exists()


def test_errors_use_iceberg_types(base_url, client, lake):
    name, _ = lake
    headers = {"Authorization": f"Bearer {client.token}"}
    missing = requests.get(f"{base_url}/v1/{name}/namespaces/sales/tables/nothing", headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "NoSuchTableException"
    no_namespace = requests.get(f"{base_url}/v1/{name}/namespaces/nowhere/tables/t", headers=headers)
    assert no_namespace.status_code == 404
    bad = requests.post(f"{base_url}/v1/{name}/namespaces/sales/tables", headers=headers, json={"name": "t"})
    assert bad.status_code == 400 and bad.json()["error"]["type"] == "BadRequestException"


def test_table_on_s3_with_vended_credentials(s3, base_url, client):
    """A catalog on an S3 warehouse: the server writes metadata into the bucket, and PyIceberg,
    holding no keys of its own, writes and reads data files with the keys the load result vends."""
    bucket = s3.new_bucket()
    warehouse, name = unique("wh"), unique("lake")
    client.warehouses.create_s3(warehouse, bucket=bucket, endpoint=s3.endpoint, access_key="compat-access-key",
                                secret_key="compat-secret-key-0123456789")
    client.catalogs.create(name, warehouse=warehouse)
    client.catalogs.namespaces(name).create(["sales"])
    catalog = get_iceberg_catalog(name, uri=base_url, token=client.token)
    table = catalog.create_table("sales.orders", schema=SCHEMA)
    assert table.location() == f"s3://{bucket}/{name}/sales/orders"
    assert table.io.properties["s3.access-key-id"] == "compat-access-key"
    table.append(rows(0, 6))
    assert catalog.load_table("sales.orders").scan().to_arrow().num_rows == 6
    keys = [o["Key"] for o in s3.boto3().list_objects_v2(Bucket=bucket)["Contents"]]
    assert any(k.startswith(f"{name}/sales/orders/metadata/") and k.endswith(".metadata.json") for k in keys)
    assert any(k.startswith(f"{name}/sales/orders/data/") for k in keys)

    # Without delegation the load result names the endpoint but holds no keys.
    plain = requests.get(f"{base_url}/v1/{name}/namespaces/sales/tables/orders", headers={"Authorization": f"Bearer {client.token}"})
    assert plain.json()["config"]["s3.endpoint"] == s3.endpoint and "s3.access-key-id" not in plain.json()["config"]

    # Iceberg's loadCredentials: keys under the table's location, which reach its files.
    answer = requests.get(f"{base_url}/v1/{name}/namespaces/sales/tables/orders/credentials",
                          headers={"Authorization": f"Bearer {client.token}"})
    assert answer.status_code == 200, answer.text
    [credential] = answer.json()["storage-credentials"]
    assert credential["prefix"] == f"s3://{bucket}/{name}/sales/orders/"
    config = credential["config"]
    vended = boto3.client("s3", endpoint_url=config["s3.endpoint"], region_name=config["s3.region"],
                          aws_access_key_id=config["s3.access-key-id"], aws_secret_access_key=config["s3.secret-access-key"])
    metadata_key = next(k for k in keys if k.endswith(".metadata.json"))
    assert b'"format-version"' in vended.get_object(Bucket=bucket, Key=metadata_key)["Body"].read()
    missing = requests.get(f"{base_url}/v1/{name}/namespaces/sales/tables/nothing/credentials",
                           headers={"Authorization": f"Bearer {client.token}"})
    assert missing.status_code == 404 and missing.json()["error"]["type"] == "NoSuchTableException"
    audit = requests.get(f"{base_url}/api/v1/audit", params={"action": "vend_credentials", "resource_type": "table"},
                         headers={"Authorization": f"Bearer {client.token}"}).json()
    assert any(event["resource_name"].endswith("sales.orders") for event in audit), audit
    audit = requests.get(f"{base_url}/api/v1/audit", params={"action": "vend_credentials", "resource_type": "table"},
                         headers={"Authorization": f"Bearer {client.token}"}).json()
    assert any(event["resource_name"].endswith("sales.orders") for event in audit), audit

    catalog.purge_table("sales.orders")
    listed = s3.boto3().list_objects_v2(Bucket=bucket, Prefix=f"{name}/sales/orders/")
    assert listed.get("KeyCount") == 0


def test_readme_iceberg_quickstart_runs(fresh_server, tmp_path):
    """The README's Iceberg block, run as written against a new server."""
    import os
    import subprocess
    import sys

    from test_pypangolin import readme_block
    from conftest import ROOT_PASSWORD

    script = tmp_path / "iceberg_quickstart.py"
    script.write_text(readme_block("<!-- quickstart:iceberg -->", ("```python",)), encoding="utf-8")
    env = dict(os.environ, PANGOLIN_URL=fresh_server.url, PANGOLIN_PASSWORD=ROOT_PASSWORD)
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["2", "2"]


def test_rename_moves_the_table_with_its_history(client, lake):
    name, catalog = lake
    client.catalogs.namespaces(name).create(["archive"])
    table = catalog.create_table("sales.old_name", schema=SCHEMA)
    table.append(rows(0, 3))
    before = client.get(f"/api/v1/catalogs/{name}/namespaces/sales/assets/old_name")
    catalog.rename_table("sales.old_name", "archive.new_name")
    assert not catalog.table_exists("sales.old_name")
    assert catalog.load_table("archive.new_name").scan().to_arrow().num_rows == 3
    after = client.get(f"/api/v1/catalogs/{name}/namespaces/archive/assets/new_name")
    assert after["id"] == before["id"] and after["version"] == before["version"]
    events = client.get("/api/v1/audit", params={"resource_id": after["id"], "action": "rename_table"})
    assert len(events) == 1
