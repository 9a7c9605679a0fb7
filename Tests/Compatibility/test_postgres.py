"""The server on PostgreSQL, as the README runs it: pypangolin's quickstart against it, and two
instances on one database serving the same catalog."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from conftest import REPO_ROOT, ROOT_PASSWORD, ROOT_USER, start_server
from pypangolin import PangolinClient
from test_pypangolin import assert_quickstart_worked, readme_quickstart, run_quickstart

SCRIPT = REPO_ROOT / "scripts" / "postgres-cluster"


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL cluster on loopback (scripts/postgres-cluster)."""
    started = subprocess.run(["bash", str(SCRIPT), "start"], capture_output=True, text=True, timeout=120)
    assert started.returncode == 0, started.stderr
    values = dict(line.split("=", 1) for line in started.stdout.splitlines() if "=" in line)
    try:
        yield values
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop", values["DIR"]], capture_output=True, timeout=120)


def shared_settings(url: str) -> dict:
    """What every instance on one database is given alike."""
    return {
        "PANGOLIN_DATABASE_URL": url,
        "PANGOLIN_JWT_SECRET": "compatibility-tests-shared-jwt-secret-0123456789",
        "PANGOLIN_STORAGE_KEY": base64.b64encode(bytes(range(32))).decode(),
    }


def test_the_quickstart_runs_on_postgres_and_a_second_instance_serves_it(postgres, tmp_path: Path) -> None:
    settings = shared_settings(postgres["URL"])
    first = start_server(tmp_path / "a", extra_env=settings)
    second = None
    try:
        assert_quickstart_worked(run_quickstart(readme_quickstart(), first, tmp_path), first)
        second = start_server(tmp_path / "b", extra_env=settings)
        # A login on one instance is a token the other accepts; what one registered, the other finds.
        client = PangolinClient(first.url)
        client.login(ROOT_USER, ROOT_PASSWORD)
        other = PangolinClient(second.url, token=client.token)
        hits = other.search.query("churn")
        assert "customer_churn_v2" in [hit.name for hit in hits]
        assert other.get("/api/v1/audit/verify")["valid"] is True
    finally:
        first.stop()
        if second:
            second.stop()


def start_failure(url: str) -> str:
    """The one line of standard error a server started on `url` exits with, status 1."""
    env = dict(os.environ, PANGOLIN_DATABASE_URL=url)
    binary = os.environ.get("PANGOLIN_SERVER_BINARY", str(REPO_ROOT / ".build" / "debug" / "pangolin-server"))
    completed = subprocess.run([binary, "--in-memory", "--port", "0"], env=env, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    return lines[0]


def test_a_refused_login_is_one_line_and_status_1(postgres) -> None:
    line = start_failure(postgres["URL"].replace("://pangolin:", "://pangolin:wrong", 1))
    assert "refused the login of 'pangolin'" in line and "PANGOLIN_DATABASE_URL" in line


def test_an_unreachable_database_is_one_line_and_status_1(postgres) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]  # bound, never listening: connections are refused
    try:
        line = start_failure(f"postgres://pangolin:x@127.0.0.1:{port}/pangolin")
    finally:
        closed.close()
    assert f"cannot reach PostgreSQL at 127.0.0.1:{port} (connection refused)" in line and "--database-url" in line


def eventually(check, seconds: float = 10.0) -> bool:
    """Whether `check()` turns true within `seconds`: another instance applies a change when its
    notice arrives, a moment after the commit."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


@pytest.fixture
def two_instances(postgres, tmp_path: Path):
    """Two server processes on one fresh database, with a catalog `lake` and namespace `ml`."""
    database = postgres["URL"].rsplit("/", 1)[0] + "/pangolin"
    settings = shared_settings(database)
    first = start_server(tmp_path / "a", extra_env=settings)
    second = start_server(tmp_path / "b", extra_env=settings)
    try:
        token = login(first.url, ROOT_USER, ROOT_PASSWORD)
        call("POST", first.url, "/api/v1/catalogs", token, {"name": f"lake_{tmp_path.name[-6:]}"})
        yield first, second, token, f"lake_{tmp_path.name[-6:]}"
    finally:
        first.stop()
        second.stop()


def login(url: str, username: str, password: str) -> str:
    reply = requests.post(f"{url}/api/v1/users/login", json={"username": username, "password": password}, timeout=30)
    assert reply.status_code == 200, reply.text
    return reply.json()["token"]


def call(method: str, url: str, path: str, token: str, body: dict | None = None) -> requests.Response:
    return requests.request(method, f"{url}{path}", json=body, headers={"Authorization": f"Bearer {token}"}, timeout=60)


def test_a_token_revoked_on_one_instance_is_refused_by_the_other(two_instances) -> None:
    first, second, root, _ = two_instances
    minted = call("POST", first.url, "/api/v1/tokens", root, {"expires_in_hours": 1}).json()
    assert call("GET", second.url, "/api/v1/users/me", minted["token"]).status_code == 200
    assert call("POST", first.url, f"/api/v1/auth/revoke/{minted['token_id']}", root).status_code in (200, 204)
    assert eventually(lambda: call("GET", second.url, "/api/v1/users/me", minted["token"]).status_code == 401)


def test_a_grant_revoked_on_one_instance_no_longer_opens_the_other(two_instances) -> None:
    first, second, root, lake = two_instances
    call("POST", first.url, f"/v1/{lake}/namespaces", root, {"namespace": ["ml"]})
    call("POST", first.url, f"/api/v1/catalogs/{lake}/namespaces/ml/assets", root,
         {"name": "scores", "kind": "CSV_TABLE", "location": "s3://b/scores.csv"})
    user = call("POST", first.url, "/api/v1/users", root,
                {"username": f"reader_{lake}", "email": f"{lake}@example.com", "role": "TenantUser", "password": "reader-password-1"}).json()
    grant = call("POST", first.url, "/api/v1/permissions", root,
                 {"user-id": user["id"], "role": "READ", "scope": {"type": "namespace", "catalog_id": lake, "namespace": "ml"}}).json()
    reader = login(second.url, f"reader_{lake}", "reader-password-1")
    path = f"/api/v1/catalogs/{lake}/namespaces/ml/assets/scores"
    assert call("GET", second.url, path, reader).status_code == 200, "the grant opens the asset on the other instance"
    assert call("DELETE", first.url, f"/api/v1/permissions/{grant['id']}", root).status_code in (200, 204)
    assert eventually(lambda: call("GET", second.url, path, reader).status_code in (403, 404))


def test_concurrent_conditional_updates_across_instances_let_exactly_one_win(two_instances) -> None:
    first, second, root, lake = two_instances
    call("POST", first.url, f"/v1/{lake}/namespaces", root, {"namespace": ["ml"]})
    path = f"/api/v1/catalogs/{lake}/namespaces/ml/assets/model"
    call("POST", first.url, f"/api/v1/catalogs/{lake}/namespaces/ml/assets", root,
         {"name": "model", "kind": "ML_MODEL", "location": "s3://m/v1"})
    for expected in (1, 2, 3):
        def update(index: int) -> int:
            server = first if index % 2 == 0 else second
            body = {"location": f"s3://m/v{expected + 1}-{index}", "expected_version": expected}
            return call("PUT", server.url, path, root, body).status_code
        with ThreadPoolExecutor(max_workers=16) as pool:
            statuses = list(pool.map(update, range(64)))
        assert statuses.count(200) == 1, f"expected version {expected}: {sorted(set(statuses))}"
        assert statuses.count(409) == 63
        assert call("GET", second.url, path, root).json()["version"] == expected + 1
    versions = call("GET", first.url, f"/api/v1/assets/{call('GET', first.url, path, root).json()['id']}/versions", root).json()
    assert [v["number"] for v in (versions["items"] if isinstance(versions, dict) else versions)] == [4, 3, 2, 1]
    assert call("GET", second.url, "/api/v1/audit/verify", root).json()["valid"] is True


def test_killing_an_instance_under_writes_loses_nothing_it_acknowledged(two_instances) -> None:
    first, second, root, lake = two_instances
    call("POST", first.url, f"/v1/{lake}/namespaces", root, {"namespace": ["ml"]})
    acknowledged: list[str] = []
    lock = threading.Lock()

    def register(index: int) -> None:
        name = f"asset_{index}"
        try:
            reply = call("POST", first.url, f"/api/v1/catalogs/{lake}/namespaces/ml/assets", root,
                         {"name": name, "kind": "CSV_TABLE", "location": f"s3://b/{name}.csv"})
        except requests.RequestException:
            return
        if reply.status_code == 201:
            with lock:
                acknowledged.append(name)

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(register, index) for index in range(400)]
        assert eventually(lambda: len(acknowledged) >= 40, 60)
        os.kill(first.process.pid, signal.SIGKILL)
        for future in futures:
            future.result()
    assert acknowledged, "some registrations were acknowledged before the kill"
    listed = call("GET", second.url, f"/api/v1/catalogs/{lake}/namespaces/ml/assets?limit=1000", root).json()
    names = {asset["name"] for asset in listed}
    missing = [name for name in acknowledged if name not in names]
    assert not missing, f"{len(missing)} acknowledged registrations are gone: {missing[:5]}"
    assert call("GET", second.url, "/api/v1/audit/verify", root).json()["valid"] is True


def test_failed_logins_on_both_instances_count_together(two_instances) -> None:
    first, second, root, lake = two_instances
    name = f"guessed_{lake}"
    call("POST", first.url, "/api/v1/users", root,
         {"username": name, "email": f"{name}@example.com", "role": "TenantUser", "password": "the-real-password-1"})

    def attempt(server) -> int:
        reply = requests.post(f"{server.url}/api/v1/users/login", json={"username": name, "password": "a wrong guess"}, timeout=30)
        return reply.status_code

    # Five failures allowed per account (the default), split over the two instances.
    assert [attempt(server) for server in (first, second, first, second, first)] == [401] * 5
    refused = requests.post(f"{second.url}/api/v1/users/login", json={"username": name, "password": "the-real-password-1"}, timeout=30)
    assert refused.status_code == 429, "the sixth attempt, on either instance, is refused even with the right password"
    assert int(refused.headers["Retry-After"]) > 0
