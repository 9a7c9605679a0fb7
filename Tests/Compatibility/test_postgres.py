"""The server on PostgreSQL, as the README runs it: pypangolin's quickstart against it, and two
instances on one database serving the same catalog."""

from __future__ import annotations

import base64
import os
import subprocess
from pathlib import Path

import pytest
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


def test_a_refused_login_is_one_line_and_status_1(postgres, tmp_path: Path) -> None:
    wrong = postgres["URL"].replace("://pangolin:", "://pangolin:wrong", 1)
    env = dict(os.environ, PANGOLIN_DATABASE_URL=wrong)
    binary = os.environ.get("PANGOLIN_SERVER_BINARY", str(REPO_ROOT / ".build" / "debug" / "pangolin-server"))
    completed = subprocess.run([binary, "--in-memory", "--port", "0"], env=env, capture_output=True, text=True, timeout=60)
    assert completed.returncode == 1
    lines = completed.stderr.strip().splitlines()
    assert len(lines) == 1, completed.stderr
    assert "refused the login of 'pangolin'" in lines[0] and "PANGOLIN_DATABASE_URL" in lines[0]
