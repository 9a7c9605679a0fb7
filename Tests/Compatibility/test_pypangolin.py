"""Compatibility of pangolin-server with the published Python client, pypangolin 0.8.0.

Every test goes through pypangolin's own API (its resource clients, asset classes
and its raw ``get``/``post``/``put``), so a failure here is something a user of
pypangolin would hit.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
import requests
from pypangolin import (
    CsvAsset,
    DbConnectionString,
    DeltaAsset,
    DirectoryAsset,
    HudiAsset,
    ImageAsset,
    JsonAsset,
    LanceAsset,
    MlModelAsset,
    NimbleAsset,
    OtherAsset,
    PaimonAsset,
    PangolinClient,
    ParquetAsset,
    VideoAsset,
    VortexAsset,
)
from pypangolin.exceptions import (
    AuthenticationError,
    ConflictError,
    NotFoundError,
    PangolinError,
)
from pypangolin.models import (
    AuditEvent,
    BusinessMetadata,
    Catalog,
    CatalogSummary,
    SearchResult,
    SystemStats,
    Tenant,
    Warehouse,
)

from conftest import REPO_ROOT, ROOT_PASSWORD, ROOT_USER, unique

MASK = "********"
QUICKSTART_MARKER = "<!-- quickstart:python -->"
CURL_MARKER = "<!-- quickstart:curl -->"


# --------------------------------------------------------------------------- helpers


def error_body(exc: PangolinError) -> dict:
    """The JSON error body carried by a pypangolin exception."""
    assert exc.response_body, f"{type(exc).__name__} carries no response body: {exc}"
    return json.loads(exc.response_body)


def assert_api_error(exc: PangolinError, status: int) -> dict:
    """Asserts the /api/v1 error shape: {"error": {"code": str, "message": str}}."""
    assert exc.status_code == status, f"expected HTTP {status}, got {exc.status_code}: {exc}"
    body = error_body(exc)
    assert set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error.get("code"), str) and error["code"], body
    assert isinstance(error.get("message"), str) and error["message"], body
    return error


def assert_iceberg_error(exc: PangolinError, status: int) -> dict:
    """Asserts the Iceberg REST error shape on /v1: {"error": {"message", "type", "code": int}}."""
    assert exc.status_code == status, f"expected HTTP {status}, got {exc.status_code}: {exc}"
    body = error_body(exc)
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error.get("code") == status, body
    assert isinstance(error.get("type"), str) and error["type"], body
    assert isinstance(error.get("message"), str) and error["message"], body
    return error


def asset_path(catalog: str, namespace: str, name: str = "") -> str:
    path = f"/api/v1/catalogs/{catalog}/namespaces/{namespace}/assets"
    return f"{path}/{name}" if name else path


# --------------------------------------------------------------------------- login


def test_login_returns_a_token_that_authenticates(base_url):
    client = PangolinClient(base_url)
    assert client.token is None
    client.login(ROOT_USER, ROOT_PASSWORD)
    assert isinstance(client.token, str) and client.token.count(".") == 2  # a JWT
    me = client.get("/api/v1/users/me")
    assert me["username"] == ROOT_USER
    assert me["role"] == "Root"


def test_constructor_login_with_username_and_password(base_url):
    client = PangolinClient(base_url, username=ROOT_USER, password=ROOT_PASSWORD)
    assert client.token
    assert client.get("/api/v1/users/me")["username"] == ROOT_USER


def test_wrong_password_raises_authentication_error(base_url):
    client = PangolinClient(base_url)
    with pytest.raises(AuthenticationError) as info:
        client.login(ROOT_USER, "not-the-password")
    assert info.value.status_code == 401
    assert client.token is None


def test_unknown_user_raises_authentication_error(base_url):
    with pytest.raises(AuthenticationError) as info:
        PangolinClient(base_url).login(unique("nobody"), ROOT_PASSWORD)
    assert info.value.status_code == 401


def test_repeated_failed_logins_are_throttled_with_retry_after(base_url):
    # An account of its own: the throttle must not lock out the root account other tests use.
    name = unique("locked")
    for _ in range(5):
        with pytest.raises(AuthenticationError):
            PangolinClient(base_url).login(name, "wrong-password")
    response = requests.post(f"{base_url}/api/v1/users/login", json={"username": name, "password": "wrong-password"}, timeout=10)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "too_many_requests"


def test_no_token_is_refused_on_api_endpoints(base_url):
    anonymous = PangolinClient(base_url)
    with pytest.raises(AuthenticationError) as info:
        anonymous.catalogs.list()
    assert_api_error(info.value, 401)


def test_no_token_is_refused_on_iceberg_endpoints(base_url):
    anonymous = PangolinClient(base_url)
    with pytest.raises(AuthenticationError) as info:
        anonymous.catalogs.namespaces("any_catalog").list()
    assert_iceberg_error(info.value, 401)


def test_garbage_token_is_refused(base_url):
    with pytest.raises(AuthenticationError) as info:
        PangolinClient(base_url, token="not.a.token").tenants.list()
    assert_api_error(info.value, 401)


# --------------------------------------------------------------------------- users


def test_users_create_returns_a_user_model(client):
    name = unique("user")
    created = client.users.create(name, f"{name}@example.com", "TenantUser", password="a-long-password-1")
    assert created.username == name
    assert created.email == f"{name}@example.com"
    assert created.role == "TenantUser"
    assert created.tenant_id
    assert client.get(f"/api/v1/users/{created.id}")["username"] == name


def test_users_list_parses_into_pypangolin_models(client):
    """``UserClient.list`` builds pypangolin's ``User`` model, whose ``email: str`` is
    required, from every user the server lists - the root account included."""
    name = unique("user")
    client.users.create(name, f"{name}@example.com", "TenantUser", password="a-long-password-1")
    usernames = [u.username for u in client.users.list()]
    assert ROOT_USER in usernames
    assert name in usernames


# --------------------------------------------------------------------------- tenants


def test_tenant_lifecycle(client):
    name = unique("tenant")
    created = client.tenants.create(name)
    assert isinstance(created, Tenant)
    assert created.name == name and created.id
    assert created.properties == {}

    fetched = client.tenants.get(created.id)
    assert (fetched.id, fetched.name) == (created.id, name)
    assert name in [t.name for t in client.tenants.list()]

    updated = client.tenants.update(created.id, {"owner": "data-platform", "cost_center": "42"})
    assert updated.properties == {"owner": "data-platform", "cost_center": "42"}
    assert client.tenants.get(created.id).properties == {"owner": "data-platform", "cost_center": "42"}

    client.tenants.delete(created.id)
    with pytest.raises(NotFoundError):
        client.tenants.get(created.id)
    assert created.id not in [t.id for t in client.tenants.list()]


def test_tenant_duplicate_name_conflicts(client):
    name = unique("tenant")
    client.tenants.create(name)
    with pytest.raises(ConflictError) as info:
        client.tenants.create(name)
    assert_api_error(info.value, 409)


def test_tenant_list_limit_and_offset(client):
    for _ in range(3):
        client.tenants.create(unique("tenant"))
    everything = client.tenants.list(limit=1000)
    assert len(everything) >= 4  # 'default' and the three above
    ids = [t.id for t in everything]
    assert len(set(ids)) == len(ids)

    assert len(client.tenants.list(limit=2)) == 2
    # Walking the list one page at a time gives the same tenants in the same order.
    paged = [client.tenants.list(limit=1, offset=i)[0].id for i in range(len(everything))]
    assert paged == ids
    assert [t.id for t in client.tenants.list(limit=2, offset=1)] == ids[1:3]
    assert client.tenants.list(limit=5, offset=len(everything)) == []


def test_tenant_switch_scopes_requests(client):
    tenant = client.tenants.create(unique("tenant"))
    warehouse = unique("wh")
    client.tenants.switch(tenant.name)
    client.warehouses.create_s3(warehouse, bucket="tenant-bucket")
    assert [w.name for w in client.warehouses.list()] == [warehouse]
    client.set_tenant(None)
    assert warehouse not in [w.name for w in client.warehouses.list()]


# --------------------------------------------------------------------------- warehouses


def test_warehouse_create_s3_masks_the_secret(client):
    name = unique("wh")
    secret = f"secret-{uuid.uuid4().hex}"
    created = client.warehouses.create_s3(
        name, bucket="compat-bucket", region="eu-west-1", access_key="AKIACOMPAT", secret_key=secret
    )
    assert isinstance(created, Warehouse)
    assert created.name == name
    assert created.storage_config["s3.bucket"] == "compat-bucket"
    assert created.storage_config["s3.region"] == "eu-west-1"
    assert created.storage_config["s3.access-key-id"] == "AKIACOMPAT"
    assert created.storage_config["s3.secret-access-key"] == MASK
    assert created.vending_strategy["AwsStatic"]["secret_access_key"] == MASK
    assert secret not in created.model_dump_json()

    listed = {w.name: w for w in client.warehouses.list()}
    assert name in listed
    assert listed[name].storage_config["s3.secret-access-key"] == MASK
    assert secret not in listed[name].model_dump_json()

    raw = client.get(f"/api/v1/warehouses/{name}")
    assert secret not in json.dumps(raw)
    assert raw["storage_config"]["s3.secret-access-key"] == MASK


def test_warehouse_update_and_delete(client):
    name = unique("wh")
    client.warehouses.create_s3(name, bucket="before-bucket")
    updated = client.warehouses.update(name, storage_config={"s3.bucket": "after-bucket", "s3.region": "ap-south-1"})
    assert updated.name == name
    assert updated.storage_config["s3.bucket"] == "after-bucket"
    assert updated.storage_config["s3.region"] == "ap-south-1"
    assert client.get(f"/api/v1/warehouses/{name}")["storage_config"]["s3.bucket"] == "after-bucket"

    client.warehouses.delete(name)
    assert name not in [w.name for w in client.warehouses.list()]
    with pytest.raises(NotFoundError) as info:
        client.get(f"/api/v1/warehouses/{name}")
    assert_api_error(info.value, 404)


def test_warehouse_in_use_cannot_be_deleted(client, scope):
    with pytest.raises(ConflictError) as info:
        client.warehouses.delete(scope.warehouse)
    assert_api_error(info.value, 409)


# --------------------------------------------------------------------------- catalogs


def test_catalog_lifecycle(client):
    warehouse = unique("wh")
    name = unique("cat")
    client.warehouses.create_s3(warehouse, bucket="catalog-bucket")
    created = client.catalogs.create(name, warehouse=warehouse)
    assert isinstance(created, Catalog)
    assert created.name == name
    assert created.catalog_type == "Local"
    assert created.warehouse_name == warehouse
    assert created.id

    assert name in [c.name for c in client.catalogs.list()]
    fetched = client.catalogs.get(name)
    assert (fetched.id, fetched.warehouse_name) == (created.id, warehouse)

    updated = client.catalogs.update(name, {"team": "ml", "tier": "gold"})
    assert updated.properties == {"team": "ml", "tier": "gold"}
    assert client.catalogs.get(name).properties == {"team": "ml", "tier": "gold"}

    client.catalogs.delete(name)
    with pytest.raises(NotFoundError):
        client.catalogs.get(name)
    assert name not in [c.name for c in client.catalogs.list()]


def test_catalog_duplicate_and_missing_warehouse(client, scope):
    with pytest.raises(ConflictError) as info:
        client.catalogs.create(scope.catalog, warehouse=scope.warehouse)
    assert_api_error(info.value, 409)
    with pytest.raises(NotFoundError) as info:
        client.catalogs.create(unique("cat"), warehouse=unique("missing_wh"))
    assert_api_error(info.value, 404)


def test_catalog_summary_counts(client, make_scope):
    scope = make_scope(["ml", "prod"])
    summary = client.system.get_catalog_summary(scope.catalog)
    assert isinstance(summary, CatalogSummary)
    assert summary.name == scope.catalog
    assert summary.namespace_count == 2
    assert summary.table_count == 0

    client.catalogs.namespaces(scope.catalog).register_asset(
        "ml", "events", "ICEBERG_TABLE", "s3://bucket/events", {}
    )
    assert client.system.get_catalog_summary(scope.catalog).table_count == 1


def test_catalog_summary_of_missing_catalog_is_not_found(client):
    with pytest.raises(NotFoundError):
        client.system.get_catalog_summary(unique("missing_cat"))


def test_system_stats_track_catalogs(client):
    before = client.system.get_stats()
    assert isinstance(before, SystemStats)
    assert before.users_count >= 1
    assert before.tenants_count >= 1
    warehouse = unique("wh")
    client.warehouses.create_s3(warehouse, bucket="stats-bucket")
    client.catalogs.create(unique("cat"), warehouse=warehouse)
    after = client.system.get_stats()
    assert after.catalogs_count == before.catalogs_count + 1
    assert after.warehouses_count == before.warehouses_count + 1


# --------------------------------------------------------------------------- namespaces


def test_namespaces_create_nested_and_list(client):
    warehouse = unique("wh")
    catalog = unique("cat")
    client.warehouses.create_s3(warehouse, bucket="ns-bucket")
    client.catalogs.create(catalog, warehouse=warehouse)
    namespaces = client.catalogs.namespaces(catalog)

    top = namespaces.create(["ml"])
    assert top.name == ["ml"]
    nested = namespaces.create(["ml", "prod"], properties={"owner": "ml-team"})
    assert nested.name == ["ml", "prod"]
    assert nested.properties.get("owner") == "ml-team"
    namespaces.create(["finance"])

    assert sorted(namespaces.list()) == [["finance"], ["ml"]]
    assert namespaces.list(parent="ml") == [["ml", "prod"]]


def test_namespace_child_of_missing_parent_is_not_found(client, scope):
    namespaces = client.catalogs.namespaces(scope.catalog)
    with pytest.raises(NotFoundError) as info:
        namespaces.create(["no_such_parent", "child"])
    assert_iceberg_error(info.value, 404)
    assert ["no_such_parent"] not in namespaces.list()


def test_namespace_duplicate_conflicts(client, scope):
    with pytest.raises(ConflictError) as info:
        client.catalogs.namespaces(scope.catalog).create(scope.namespace_parts)
    assert_iceberg_error(info.value, 409)


# --------------------------------------------------------------------------- assets: every kind


def _register_with_class(asset_class):
    def register(client, scope, name, location, properties):
        return asset_class.register(
            client,
            catalog=scope.catalog,
            namespace=scope.namespace,
            name=name,
            location=location,
            properties=properties,
        )

    return register


def _register_raw(kind):
    def register(client, scope, name, location, properties):
        return client.catalogs.namespaces(scope.catalog).register_asset(
            scope.namespace, name, kind, location, properties
        )

    return register


# (id, expected kind on the wire, how pypangolin registers it)
ASSET_KINDS = [
    ("DeltaAsset", "DELTA_TABLE", _register_with_class(DeltaAsset)),
    ("HudiAsset", "HUDI_TABLE", _register_with_class(HudiAsset)),
    ("PaimonAsset", "APACHE_PAIMON", _register_with_class(PaimonAsset)),
    ("ParquetAsset", "PARQUET_TABLE", _register_with_class(ParquetAsset)),
    ("CsvAsset", "CSV_TABLE", _register_with_class(CsvAsset)),
    ("JsonAsset", "JSON_TABLE", _register_with_class(JsonAsset)),
    ("LanceAsset", "LANCE", _register_with_class(LanceAsset)),
    ("VortexAsset", "VORTEX", _register_with_class(VortexAsset)),
    ("NimbleAsset", "NIMBLE", _register_with_class(NimbleAsset)),
    ("MlModelAsset", "ML_MODEL", _register_with_class(MlModelAsset)),
    ("DirectoryAsset", "DIRECTORY", _register_with_class(DirectoryAsset)),
    ("VideoAsset", "VIDEO_FILE", _register_with_class(VideoAsset)),
    ("ImageAsset", "IMAGE_FILE", _register_with_class(ImageAsset)),
    ("DbConnectionString", "DB_CONN_STRING", _register_with_class(DbConnectionString)),
    ("OtherAsset", "OTHER", _register_with_class(OtherAsset)),
    ("register_asset-ICEBERG_TABLE", "ICEBERG_TABLE", _register_raw("ICEBERG_TABLE")),
    ("register_asset-VIEW", "VIEW", _register_raw("VIEW")),
]


@pytest.mark.parametrize(
    "expected_kind,register", [(k, r) for _, k, r in ASSET_KINDS], ids=[i for i, _, _ in ASSET_KINDS]
)
def test_register_and_get_every_asset_kind(client, scope, expected_kind, register):
    name = unique(expected_kind.lower())
    location = f"s3://compat-bucket/{scope.catalog}/{name}"
    properties = {"kind_label": expected_kind, "owner": "compat-suite", "empty": ""}

    registered = register(client, scope, name, location, properties)
    assert registered["kind"] == expected_kind
    assert registered["name"] == name
    assert registered["catalog"] == scope.catalog
    assert registered["namespace"] == scope.namespace
    assert registered["location"] == location
    assert registered["properties"] == properties
    assert registered["version"] == 1
    assert registered["id"]

    fetched = client.get(asset_path(scope.catalog, scope.namespace, name))
    assert fetched["kind"] == expected_kind
    assert fetched["location"] == location
    assert fetched["properties"] == properties
    assert fetched["id"] == registered["id"]

    by_id = client.get(f"/api/v1/assets/{registered['id']}")
    assert (by_id["name"], by_id["kind"], by_id["location"]) == (name, expected_kind, location)


def test_all_seventeen_kinds_listed_in_one_namespace(client, scope):
    expected = {}
    for label, kind, register in ASSET_KINDS:
        name = unique(label.lower().replace("-", "_"))
        register(client, scope, name, f"file:///data/{name}", {"label": label})
        expected[name] = kind
    assert len(set(expected.values())) == 17

    listed = client.get(asset_path(scope.catalog, scope.namespace), params={"limit": 100})
    assert {a["name"]: a["kind"] for a in listed} == expected


def test_register_in_nested_namespace_given_as_list(client, make_scope):
    scope = make_scope(["ml", "prod"])
    registered = OtherAsset.register(
        client, catalog=scope.catalog, namespace=["ml", "prod"], name="notes", location="s3://b/notes",
        properties={"a": "b"},
    )
    assert registered["namespace"] == "ml.prod"
    fetched = client.get(asset_path(scope.catalog, "ml.prod", "notes"))
    assert fetched["id"] == registered["id"]


def test_register_duplicate_name_conflicts(client, scope):
    MlModelAsset.register(client, catalog=scope.catalog, namespace=scope.namespace, name="model",
                          location="s3://b/model", properties={})
    with pytest.raises(ConflictError) as info:
        ParquetAsset.register(client, catalog=scope.catalog, namespace=scope.namespace, name="model",
                              location="s3://b/other", properties={})
    assert_api_error(info.value, 409)
    assert client.get(asset_path(scope.catalog, scope.namespace, "model"))["kind"] == "ML_MODEL"


def test_register_unknown_kind_is_a_400(client, scope):
    with pytest.raises(PangolinError) as info:
        client.catalogs.namespaces(scope.catalog).register_asset(
            scope.namespace, "mystery", "NOT_A_KIND", "s3://b/mystery", {}
        )
    assert_api_error(info.value, 400)
    with pytest.raises(NotFoundError):
        client.get(asset_path(scope.catalog, scope.namespace, "mystery"))


# --------------------------------------------------------------------------- write / read with pandas


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "customer_id": [101, 102, 103, 104],
            "churn_score": [0.05, 0.5, 0.75, 0.99],
            "segment": ["consumer", "smb", "enterprise", "smb"],
        }
    )


def test_csv_write_then_read_round_trips(client, scope, frame, tmp_path):
    location = tmp_path / "customers.csv"
    # CsvAsset.write forwards its keyword arguments to DataFrame.to_csv (and to
    # register, which only looks at 'properties'), so index=False keeps the
    # RangeIndex out of the file and read() gives back the same frame.
    registered = CsvAsset.write(
        client, scope.catalog, scope.namespace, "customers", data=frame, location=str(location), index=False
    )
    assert registered["kind"] == "CSV_TABLE"
    assert registered["location"] == str(location)
    assert location.exists()

    back = CsvAsset.read(client, scope.catalog, scope.namespace, "customers")
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)
    assert list(back.columns) == list(frame.columns)


def test_json_write_then_read_round_trips(client, scope, frame, tmp_path):
    location = tmp_path / "customers.json"
    registered = JsonAsset.write(client, scope.catalog, scope.namespace, "customers_json", data=frame,
                                 location=str(location))
    assert registered["kind"] == "JSON_TABLE"
    assert registered["location"] == str(location)

    back = JsonAsset.read(client, scope.catalog, scope.namespace, "customers_json")
    pd.testing.assert_frame_equal(back, frame, check_dtype=False)


def test_read_follows_an_updated_location(client, scope, frame, tmp_path):
    first = tmp_path / "v1.csv"
    second = tmp_path / "v2.csv"
    CsvAsset.write(client, scope.catalog, scope.namespace, "moving", data=frame, location=str(first), index=False)
    frame.head(2).to_csv(second, index=False)
    updated = client.put(asset_path(scope.catalog, scope.namespace, "moving"), json={"location": str(second)})
    assert updated["location"] == str(second)
    assert updated["version"] == 2
    back = CsvAsset.read(client, scope.catalog, scope.namespace, "moving")
    pd.testing.assert_frame_equal(back, frame.head(2), check_dtype=False)


# --------------------------------------------------------------------------- business metadata


def _register_model(client, scope, name="churn_model"):
    return MlModelAsset.register(client, catalog=scope.catalog, namespace=scope.namespace, name=name,
                                 location=f"s3://b/{name}", properties={})


def test_business_metadata_upsert_get_delete(client, scope):
    asset_id = _register_model(client, scope)["id"]
    with pytest.raises(NotFoundError):
        client.metadata.get(asset_id)

    properties = {"nested": {"a": 1}, "n": 2.5}
    upserted = client.metadata.upsert(
        asset_id, tags=["ml", "churn"], properties=properties, description="Churn model", discoverable=True
    )
    assert isinstance(upserted, BusinessMetadata)
    assert upserted.asset_id == asset_id
    assert upserted.tags == ["ml", "churn"]
    assert upserted.properties == properties
    assert upserted.description == "Churn model"
    assert upserted.discoverable is True

    fetched = client.metadata.get(asset_id)
    assert fetched.tags == ["ml", "churn"]
    assert fetched.properties == properties
    assert isinstance(fetched.properties["n"], float)
    assert fetched.description == "Churn model"
    assert fetched.discoverable is True

    # A second upsert replaces the record.
    client.metadata.upsert(asset_id, tags=["retired"], properties={}, description=None, discoverable=False)
    replaced = client.metadata.get(asset_id)
    assert replaced.tags == ["retired"]
    assert replaced.properties == {}
    assert replaced.description is None
    assert replaced.discoverable is False

    client.metadata.delete(asset_id)
    with pytest.raises(NotFoundError) as info:
        client.metadata.get(asset_id)
    assert_api_error(info.value, 404)


def test_business_metadata_for_unknown_asset_is_not_found(client):
    with pytest.raises(NotFoundError):
        client.metadata.upsert(str(uuid.uuid4()), tags=["x"], properties={}, description="d")


# --------------------------------------------------------------------------- search


def test_search_by_query_and_tag(client, scope):
    marker = uuid.uuid4().hex[:10]
    tagged = _register_model(client, scope, name=f"churn_tagged_{marker}")
    untagged = _register_model(client, scope, name=f"churn_untagged_{marker}")
    client.metadata.upsert(tagged["id"], tags=["ml", marker], properties={},
                           description="churn predictions", discoverable=True)
    client.metadata.upsert(untagged["id"], tags=["finance", marker], properties={},
                           description="churn predictions", discoverable=True)

    # Without the tag filter the query finds both, so the filter is what tells them apart.
    unfiltered = {hit.id for hit in client.search.query("churn")}
    assert {tagged["id"], untagged["id"]} <= unfiltered

    hits = client.search.query("churn", tags=["ml"])
    assert all(isinstance(hit, SearchResult) for hit in hits)
    by_id = {hit.id: hit for hit in hits}
    assert tagged["id"] in by_id
    assert untagged["id"] not in by_id
    hit = by_id[tagged["id"]]
    assert hit.name == tagged["name"]
    assert hit.kind == "ML_MODEL"
    assert hit.catalog == scope.catalog
    assert hit.namespace == scope.namespace
    assert "ml" in hit.tags

    # Several tags must all match.
    both = {h.id for h in client.search.query("churn", tags=["ml", marker])}
    assert tagged["id"] in both and untagged["id"] not in both


def test_search_finds_nothing_for_an_unused_word(client):
    assert client.search.query(f"zz{uuid.uuid4().hex}") == []


# --------------------------------------------------------------------------- audit


def test_audit_list_events_returns_models_newest_first(client, scope):
    events = client.audit.list_events(limit=5)
    assert 1 <= len(events) <= 5
    assert all(isinstance(e, AuditEvent) for e in events)
    times = [datetime.fromisoformat(e.timestamp.replace("Z", "+00:00")) for e in events]
    assert times == sorted(times, reverse=True)
    assert len(client.audit.list_events(limit=2)) == 2


def test_audit_count_grows_and_records_the_change(client, scope):
    before = client.audit.count()
    assert isinstance(before, int)
    asset = _register_model(client, scope, name="audited")
    assert client.audit.count() > before

    asset_events = client.audit.list_events(limit=50, resource_type="asset")
    assert asset_events, "no asset events after registering an asset"
    assert {e.resource_type for e in asset_events} == {"asset"}
    mine = [e for e in asset_events if e.resource_id == asset["id"]]
    assert mine, f"no audit event names the new asset {asset['id']}"
    assert mine[0].result == "success"

    fetched = client.audit.get(mine[0].id)
    assert fetched.id == mine[0].id
    assert fetched.action == mine[0].action
    assert fetched.resource_type == "asset"
    assert fetched.resource_id == asset["id"]


def test_audit_get_unknown_event_is_not_found(client):
    with pytest.raises(NotFoundError):
        client.audit.get(str(uuid.uuid4()))


def test_audit_chain_verifies(client):
    count = client.audit.count()
    report = client.get("/api/v1/audit/verify")
    assert report["valid"] is True
    assert report["events_checked"] >= count >= 1


# --------------------------------------------------------------------------- bad input


def test_unknown_field_is_a_400(client, scope):
    with pytest.raises(PangolinError) as info:
        client.post(asset_path(scope.catalog, scope.namespace),
                    json={"name": "x", "kind": "OTHER", "location": "s3://b/x", "colour": "blue"})
    assert_api_error(info.value, 400)


def test_wrong_type_is_a_400(client, scope):
    with pytest.raises(PangolinError) as info:
        client.post(asset_path(scope.catalog, scope.namespace),
                    json={"name": "x", "kind": "OTHER", "location": 42})
    assert_api_error(info.value, 400)
    with pytest.raises(PangolinError) as info:
        client.put(f"/api/v1/catalogs/{scope.catalog}", json={"properties": {"n": 1}})
    assert_api_error(info.value, 400)


def test_name_with_slash_is_a_400(client, scope):
    with pytest.raises(PangolinError) as info:
        client.post(asset_path(scope.catalog, scope.namespace),
                    json={"name": "a/b", "kind": "OTHER", "location": "s3://b/x"})
    assert_api_error(info.value, 400)
    with pytest.raises(PangolinError) as info:
        client.tenants.create("bad/name")
    assert_api_error(info.value, 400)


def test_missing_namespace_is_a_404(client, scope):
    with pytest.raises(NotFoundError) as info:
        client.post(asset_path(scope.catalog, "no_such_namespace"),
                    json={"name": "x", "kind": "OTHER", "location": "s3://b/x"})
    assert_api_error(info.value, 404)


def test_stale_expected_version_conflicts(client, scope):
    _register_model(client, scope, name="versioned")
    path = asset_path(scope.catalog, scope.namespace, "versioned")
    first = client.put(path, json={"location": "s3://b/versioned/v2", "expected_version": 1})
    assert first["version"] == 2
    assert first["location"] == "s3://b/versioned/v2"

    with pytest.raises(ConflictError) as info:
        client.put(path, json={"location": "s3://b/versioned/v3", "expected_version": 1})
    assert_api_error(info.value, 409)
    current = client.get(path)
    assert current["version"] == 2
    assert current["location"] == "s3://b/versioned/v2"


def test_limit_out_of_range_is_a_400(client):
    with pytest.raises(PangolinError) as info:
        client.tenants.list(limit=0)
    assert_api_error(info.value, 400)


# --------------------------------------------------------------------------- README quickstart


def readme_block(marker: str, fences: tuple) -> str:
    """The fenced code block that follows the line ``marker`` in README.md."""
    readme = REPO_ROOT / "README.md"
    if not readme.is_file():
        pytest.fail(f"{readme} does not exist; it must hold the quickstart after a line '{marker}'")
    lines = readme.read_text(encoding="utf-8").splitlines()
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == marker)
    except StopIteration:
        pytest.fail(f"README.md has no line '{marker}' followed by a code block")
    rest = lines[start + 1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    if not rest or rest[0].strip() not in fences:
        pytest.fail(f"the line after '{marker}' in README.md is not the start of a {fences[0]} block")
    body = []
    for line in rest[1:]:
        if line.strip().startswith("```"):
            return "\n".join(body) + "\n"
        body.append(line)
    pytest.fail(f"the code block after '{marker}' in README.md is never closed")


def readme_quickstart() -> str:
    return readme_block(QUICKSTART_MARKER, ("```python", "```py"))


def run_quickstart(source: str, server, tmp_path) -> subprocess.CompletedProcess:
    script = tmp_path / "quickstart.py"
    script.write_text(source, encoding="utf-8")
    env = dict(os.environ, PANGOLIN_URL=server.url, PANGOLIN_PASSWORD=ROOT_PASSWORD)
    return subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


def assert_quickstart_worked(result: subprocess.CompletedProcess, server) -> None:
    assert result.returncode == 0, f"quickstart failed:\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    assert "customer_churn_v2" in result.stdout, f"quickstart printed no search hit:\n{result.stdout}"

    client = PangolinClient(server.url)
    client.login(ROOT_USER, ROOT_PASSWORD)
    asset = client.get(asset_path("ml_models", "production", "customer_churn_v2"))
    assert asset["kind"] == "ML_MODEL"
    assert asset["properties"] == {"framework": "scikit-learn", "version": "2.0.1"}
    metadata = client.metadata.get(asset["id"])
    assert "ml" in metadata.tags
    hits = client.search.query("churn", tags=["ml"])
    assert asset["id"] in [h.id for h in hits]


def test_readme_quickstart_runs(fresh_server, tmp_path):
    source = readme_quickstart()
    assert "from pypangolin import PangolinClient" in source
    assert_quickstart_worked(run_quickstart(source, fresh_server, tmp_path), fresh_server)


def test_readme_curl_quickstart_runs(fresh_server, tmp_path):
    """The curl block of the README, run by bash after the Python quickstart, finds the model."""
    assert_quickstart_worked(run_quickstart(readme_quickstart(), fresh_server, tmp_path), fresh_server)
    script = readme_block(CURL_MARKER, ("```bash", "```sh"))
    env = dict(os.environ, PANGOLIN_URL=fresh_server.url, PANGOLIN_PASSWORD=ROOT_PASSWORD)
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"curl quickstart failed:\n{result.stdout}\n{result.stderr}"
    page = json.loads(result.stdout)
    assert page["total"] == 1
    assert page["items"][0]["name"] == "customer_churn_v2"
    assert page["items"][0]["kind"] == "ML_MODEL"


def run_readme_example_after_quickstart(marker: str, server, tmp_path) -> list:
    """Runs the quickstart, then the Python block after ``marker``; returns the lines it printed."""
    assert_quickstart_worked(run_quickstart(readme_quickstart(), server, tmp_path), server)
    result = run_quickstart(readme_block(marker, ("```python", "```py")), server, tmp_path)
    assert result.returncode == 0, f"the README example after {marker} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout.splitlines()


def test_readme_command_line_example_runs(fresh_server, tmp_path):
    """The command-line block of the README, run by bash after the quickstart, with the tools on PATH."""
    assert_quickstart_worked(run_quickstart(readme_quickstart(), fresh_server, tmp_path), fresh_server)
    script = readme_block("<!-- cli:bash -->", ("```bash", "```sh"))
    env = dict(os.environ, PANGOLIN_URL=fresh_server.url, PANGOLIN_PASSWORD=ROOT_PASSWORD,
               PANGOLIN_CONFIG_DIR=str(tmp_path / "config"))
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"command-line example failed:\n{result.stdout}\n{result.stderr}"
    assert "customer_churn_v2" in result.stdout.splitlines()[-1]
    assert oct((tmp_path / "config" / "profiles.json").stat().st_mode & 0o777) == "0o600"
    client = PangolinClient(fresh_server.url)
    client.login(ROOT_USER, ROOT_PASSWORD)
    asset = client.get(asset_path("ml_models", "production", "customer_churn_v2"))
    assert client.metadata.get(asset["id"]).tags == ["ml", "classification", "production", "customer-analytics"]
    assert [tag["name"] for tag in client.get(f"/api/v1/assets/{asset['id']}/tags")] == ["production-2025-12-24"]
    grants = client.get("/api/v1/permissions")
    assert [(g["role"], g["scope"]["namespace"]) for g in grants] == [("READ", "production")]


def test_readme_data_assets_catalog_example_runs(fresh_server, tmp_path):
    """The data-assets block of the README registers the example pipeline and prints its pinned lineage."""
    script = readme_block("<!-- data-assets-catalog:bash -->", ("```bash", "```sh"))
    env = dict(os.environ, PANGOLIN_URL=fresh_server.url, PANGOLIN_PASSWORD=ROOT_PASSWORD,
               PANGOLIN_CONFIG_DIR=str(tmp_path / "config"))
    for name in ("PANGOLIN_TOKEN", "PANGOLIN_API_KEY", "PANGOLIN_CATALOG", "PANGOLIN_NAMESPACE"):
        env.pop(name, None)
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, f"data-assets catalog example failed:\n{result.stdout}\n{result.stderr}"
    shown = readme_block("prints, after the pipeline's own output:", ("```text",)).strip().splitlines()
    assert result.stdout.strip().splitlines()[-3:] == shown
    assert (tmp_path / "pipeline" / "silver" / "revenue_by_country.json").is_file()


def test_readme_lineage_example_runs(fresh_server, tmp_path):
    """The lineage block of the README versions, tags and links the quickstart's model."""
    assert run_readme_example_after_quickstart("<!-- lineage:python -->", fresh_server, tmp_path) == [
        "2 retrained on fresh features",
        "['customer_churn_v2', 'customer_features']",
    ]


def test_readme_governance_example_runs(fresh_server, tmp_path):
    """The governance block of the README grants READ and READ_WRITE as the seed guide does."""
    assert run_readme_example_after_quickstart("<!-- governance:python -->", fresh_server, tmp_path) == [
        "customer_churn_v2",
        "production is read-only",
        "['churn_experiment_7', 'customer_churn_v2']",
    ]


def test_tokens_generate_list_and_revoke(base_url, client):
    minted = client.tokens.generate(expires_in_hours=2)
    token, token_id = minted["token"], minted["token_id"]
    own = PangolinClient(base_url, token=token)
    assert own.get("/api/v1/users/me")["username"] == ROOT_USER
    listed = own.tokens.list_my_tokens(limit=50)
    assert any(entry["id"] == token_id and entry["source"] == "minted" and not entry["revoked"] for entry in listed)
    assert token not in json.dumps(listed)
    client.tokens.revoke(token_id)
    with pytest.raises(AuthenticationError) as info:
        own.get("/api/v1/users/me")
    assert info.value.status_code == 401


def test_service_user_api_key_client_and_rotation(base_url, client, scope):
    created = client.service_users.create(unique("etl"), role="tenant-admin")
    assert created.api_key and created.id
    machine = PangolinClient(base_url, api_key=created.api_key)
    assert scope.catalog in [catalog.name for catalog in machine.catalogs.list()]
    fetched = client.service_users.get(created.id)
    assert fetched.api_key is None
    rotated = client.service_users.rotate_key(created.id)
    assert rotated.api_key and rotated.api_key != created.api_key
    with pytest.raises(AuthenticationError):
        machine.catalogs.list()
    assert scope.catalog in [catalog.name for catalog in PangolinClient(base_url, api_key=rotated.api_key).catalogs.list()]
    client.service_users.update(created.id, active=False)
    with pytest.raises(AuthenticationError):
        PangolinClient(base_url, api_key=rotated.api_key).catalogs.list()
    client.service_users.delete(created.id)
