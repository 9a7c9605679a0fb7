"""Schemathesis against the OpenAPI document: generated requests for every operation, bounded.

Every answer must be something other than a 5xx, and must match the document's schema for its
status. The routes that revoke or change the calling credential (logout, revocations, token
rotation, changes to users) are left out, so the run keeps its token; the authorization matrix and
the route tests cover them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import requests

from conftest import ROOT_PASSWORD, ROOT_USER

SCHEMATHESIS = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "schemathesis"
KEEPS_THE_CREDENTIAL = r"^/api/v1/(users/logout|auth/revoke.*|tokens/rotate|tokens/\{token_id\}|users/\{id\}(/tokens)?)$"


def test_generated_requests_get_no_server_error_and_answers_match_the_schema(fresh_server, tmp_path):
    token = requests.post(
        f"{fresh_server.url}/api/v1/users/login", json={"username": ROOT_USER, "password": ROOT_PASSWORD}, timeout=10
    ).json()["token"]
    run = subprocess.run(
        [
            str(SCHEMATHESIS), "run", f"{fresh_server.url}/openapi.json",
            "--header", f"Authorization: Bearer {token}",
            "--checks", "not_a_server_error,response_schema_conformance",
            "--max-examples", "20",
            "--request-timeout", "10",
            "--exclude-path-regex", KEEPS_THE_CREDENTIAL,
        ],
        cwd=tmp_path, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SCHEMATHESIS_TELEMETRY": "false"},
    )
    summary = run.stdout[-4000:]
    assert run.returncode == 0, f"{summary}\n{run.stderr[-2000:]}\nserver log:\n{fresh_server.log()[-2000:]}"
    assert " passed" in summary and "failures" not in summary.split("SUMMARY")[-1], summary
