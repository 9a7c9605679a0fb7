"""Roles, grants, access requests, service users and tokens through pypangolin 0.8.0.

A tenant user is created for each test and logs in with its own pypangolin client,
so every check is what that user would see.
"""

from __future__ import annotations

import pytest
from pypangolin import PangolinClient
from pypangolin.exceptions import AuthenticationError, AuthorizationError, ConflictError, NotFoundError
from pypangolin.models import AccessRequest, Permission, Role

from conftest import unique

PASSWORD = "compat-user-password"


def make_user(base_url, client):
    name = unique("user")
    user = client.users.create(name, f"{name}@example.com", "TenantUser", password=PASSWORD)
    return user, PangolinClient(base_url, username=name, password=PASSWORD)


def register(client, scope, name, namespace=None):
    namespace = namespace or scope.namespace
    return client.post(
        f"/api/v1/catalogs/{scope.catalog}/namespaces/{namespace}/assets",
        json={"name": name, "kind": "CSV_TABLE", "location": f"s3://bucket/{name}.csv"},
    )


def asset_path(scope, name, namespace=None):
    return f"/api/v1/catalogs/{scope.catalog}/namespaces/{namespace or scope.namespace}/assets/{name}"


def test_roles_list_the_built_in_ones_and_custom_roles_round_trip(client):
    names = [role.name for role in client.roles.list()]
    assert names[:3] == ["READ", "READ_WRITE", "ADMIN"]
    created = client.roles.create(unique("analyst"), description="reads the lake")
    assert isinstance(created, Role) and created.id and created.description == "reads the lake"
    assert client.roles.get(created.id).name == created.name
    assert created.name in [role.name for role in client.roles.list()]
    client.roles.delete(created.id)
    with pytest.raises(NotFoundError):
        client.roles.get(created.id)


def test_a_namespace_grant_covers_its_namespace_only_and_read_does_not_update(base_url, client, make_scope):
    scope = make_scope(["ml", "prod"])
    client.catalogs.namespaces(scope.catalog).create(["ml", "staging"])
    register(client, scope, "churn")
    register(client, scope, "experiment", namespace="ml.staging")
    user, own = make_user(base_url, client)

    granted = client.permissions.grant(user.id, "read", "namespace", catalog_id=scope.catalog, namespace="ml.prod")
    assert isinstance(granted, Permission)
    assert granted.scope.type == "namespace" and granted.scope.namespace == "ml.prod" and granted.scope.catalog_id
    assert granted.user_id == user.id and granted.actions == ["read"]

    assert own.get(asset_path(scope, "churn"))["name"] == "churn"
    with pytest.raises(NotFoundError):
        own.get(asset_path(scope, "experiment", namespace="ml.staging"))
    with pytest.raises(AuthorizationError):
        own.put(asset_path(scope, "churn"), json={"location": "s3://elsewhere/churn.csv"})

    client.permissions.revoke(granted.id)
    with pytest.raises(NotFoundError):
        own.get(asset_path(scope, "churn"))


def test_assign_a_custom_role_and_read_the_users_roles(base_url, client, scope):
    register(client, scope, "orders")
    user, own = make_user(base_url, client)
    catalog_id = client.catalogs.get(scope.catalog).id
    role = client.post("/api/v1/roles", json={
        "name": unique("reader"),
        "permissions": [{"scope": {"type": "catalog", "catalog_id": catalog_id}, "actions": ["read"]}],
    })
    client.permissions.assign_role(user.id, role["id"])
    roles = client.permissions.get_user_roles(user.id)
    assert [r.name for r in roles] == [role["name"]]
    assert roles[0].permissions[0].scope.type == "catalog" and roles[0].permissions[0].actions == ["read"]
    assert own.get(asset_path(scope, "orders"))["name"] == "orders"
    client.permissions.revoke_role(user.id, role["id"])
    with pytest.raises(NotFoundError):
        own.get(asset_path(scope, "orders"))


def test_discoverable_asset_is_found_then_requested_then_approved(base_url, client, scope):
    asset = register(client, scope, unique("payroll"))
    client.metadata.upsert(asset["id"], description="monthly payroll extract", discoverable=True)
    user, own = make_user(base_url, client)

    hits = [hit for hit in own.search.query("payroll") if hit.id == asset["id"]]
    assert len(hits) == 1 and not hits[0].has_access and hits[0].discoverable
    assert hits[0].description == "monthly payroll extract" and hits[0].catalog == "" and hits[0].namespace == ""
    with pytest.raises(NotFoundError):
        own.get(f"/api/v1/assets/{asset['id']}")

    request = own.metadata.request_access(asset["id"], reason="quarterly audit")
    assert isinstance(request, AccessRequest) and request.status == "pending" and request.user_id == user.id
    with pytest.raises(ConflictError):
        own.metadata.request_access(asset["id"], reason="again")
    pending = [r for r in client.metadata.list_requests() if r.id == request.id]
    assert pending and pending[0].asset_id == asset["id"]

    reviewed = client.put(f"/api/v1/access-requests/{request.id}", json={"status": "approved", "comment": "Q3 only"})
    assert reviewed["status"] == "approved" and reviewed["review-comment"] == "Q3 only"
    assert own.get(f"/api/v1/assets/{asset['id']}")["id"] == asset["id"]
    assert [r.status for r in own.metadata.list_requests()] == ["approved"]


def test_service_user_with_a_grant_works_through_x_api_key(base_url, client, scope):
    service = client.service_users.create(unique("loader"), role="tenant-user")
    machine = PangolinClient(base_url, api_key=service.api_key)
    with pytest.raises(AuthorizationError):
        register(machine, scope, "loaded")
    client.post("/api/v1/permissions", json={
        "user-id": service.id, "role": "READ_WRITE",
        "scope": {"type": "namespace", "catalog_id": scope.catalog, "namespace": scope.namespace},
    })
    assert register(machine, scope, "loaded")["name"] == "loaded"
    assert machine.get(asset_path(scope, "loaded"))["name"] == "loaded"


def test_token_rotation_replaces_the_token(base_url, client):
    user, _ = make_user(base_url, client)
    minted = client.tokens.generate(username=user.username, expires_in_hours=1)
    rotated = client.tokens.rotate(minted["token_id"])
    assert rotated["token"] != minted["token"] and rotated["username"] == user.username
    with pytest.raises(AuthenticationError):
        PangolinClient(base_url, token=minted["token"]).get("/api/v1/users/me")
    assert PangolinClient(base_url, token=rotated["token"]).get("/api/v1/users/me")["id"] == user.id


def test_users_can_be_deactivated_and_deleted(base_url, client):
    user, own = make_user(base_url, client)
    client.put(f"/api/v1/users/{user.id}", json={"active": False})
    with pytest.raises(AuthenticationError):
        own.get("/api/v1/users/me")
    client.delete(f"/api/v1/users/{user.id}")
    with pytest.raises(NotFoundError):
        client.get(f"/api/v1/users/{user.id}")
