"""Pangolin's everyday routes, as pypangolin 0.8.0 and scripts written against Pangolin call them.

pypangolin has methods for the tenant settings (`client.system`); the other routes have none, so
they are called through the client's own `get`/`post`/`delete`, which is how such scripts reach
them. Who may call each route is the server's authorization matrix; these check the exchange.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import requests
from pypangolin import PangolinClient
from pypangolin.exceptions import AuthenticationError, AuthorizationError, PangolinError

from conftest import unique

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "compat-user-password"


def test_logout_revokes_the_token_pypangolin_holds(base_url, client):
    name = unique("user")
    client.users.create(name, f"{name}@example.com", "TenantUser", password=PASSWORD)
    user = PangolinClient(base_url, username=name, password=PASSWORD)
    assert user.get("/api/v1/users/me")["username"] == name
    assert user.post("/api/v1/users/logout") is None
    with pytest.raises(AuthenticationError):
        user.get("/api/v1/users/me")


def test_tenant_settings_through_pypangolin(base_url, client):
    stored = client.system.update_settings({"default_retention_days": 45, "smtp_host": "mail.example.org", "smtp_password": "s3cret"})
    assert stored["default_retention_days"] == 45
    assert stored["smtp_password"] is None and stored["smtp_password_set"] is True
    again = client.system.get_settings()
    assert again == stored
    with pytest.raises(PangolinError) as refused:
        client.system.update_settings({"smtp_port": 70000})
    assert refused.value.status_code == 400 and "smtp_port" in str(refused.value)
    name = unique("user")
    client.users.create(name, f"{name}@example.com", "TenantUser", password=PASSWORD)
    with pytest.raises(AuthorizationError):
        PangolinClient(base_url, username=name, password=PASSWORD).system.get_settings()


def test_validate_bulk_delete_tree_search_and_the_metadata_alias(client, scope):
    # The session's server holds other tests' assets too: this one's name is its own.
    orders = unique("orders")
    taken = client.post(
        f"/api/v1/catalogs/{scope.catalog}/namespaces/{scope.namespace}/assets",
        json={"name": orders, "kind": "CSV_TABLE", "location": "s3://bucket/orders.csv"},
    )
    spare = client.post(
        f"/api/v1/catalogs/{scope.catalog}/namespaces/{scope.namespace}/assets",
        json={"name": "spare", "kind": "CSV_TABLE", "location": "s3://bucket/spare.csv"},
    )
    checked = client.post("/api/v1/validate/names", json={
        "resource_type": "asset", "catalog": scope.catalog, "namespace": scope.namespace, "names": [orders, "fresh", "a/b"],
    })["results"]
    assert [r["available"] for r in checked] == [False, True, False]
    assert [r["valid"] for r in checked] == [True, True, False]

    client.metadata.upsert(taken["id"], tags=["gold"], description="daily orders")
    assert client.get(f"/api/v1/business-metadata/{taken['id']}")["metadata"]["description"] == "daily orders"

    tree = client.get(f"/api/v1/catalogs/{scope.catalog}/namespaces/tree")["root"]
    assert [(n["name"], n["asset_count"]) for n in tree] == [(scope.namespace, 2)]

    found = client.get("/api/v1/search", params={"q": orders})
    assert [(r["kind"], r["name"], r["context"]) for r in found["results"]] == [("Asset", orders, f"{scope.catalog}.{scope.namespace}")]

    deleted = client.post("/api/v1/bulk/assets/delete", json={"asset_ids": [spare["id"], "no-such-asset"]})
    assert deleted["deleted"] == [spare["id"]]
    assert [(r["asset_id"], r["status"]) for r in deleted["refused"]] == [("no-such-asset", 404)]


def test_health_app_config_and_token_housekeeping(base_url, client):
    assert requests.get(f"{base_url}/health", timeout=10).json()["status"] == "ok"
    assert requests.get(f"{base_url}/api/v1/app-config", timeout=10).json() == {"auth_enabled": True}
    minted = client.post("/api/v1/tokens", json={"expires_in_hours": 1})
    assert client.delete(f"/api/v1/tokens/{minted['token_id']}") is None
    assert requests.get(f"{base_url}/api/v1/users/me", headers={"Authorization": f"Bearer {minted['token']}"}, timeout=10).status_code == 401
    cleaned = client.post("/api/v1/auth/cleanup-tokens")
    assert isinstance(cleaned["count"], int) and "expired" in cleaned["message"]


def test_route_parity_script_counts_the_everyday_routes(base_url):
    report = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "route-parity"), base_url], capture_output=True, text=True, check=True
    ).stdout
    answered = int(report.split()[1])
    assert answered >= 58, report
    for path in ["/api/v1/users/logout", "/api/v1/validate/names", "/api/v1/bulk/assets/delete", "/api/v1/search"]:
        assert path not in report, f"{path} is listed as not answered:\n{report}"
