"""The pangolin-server command itself: first start, restarts, --help and start-up failures.

These run the real binary as an operator would and read what it prints.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time
from pathlib import Path

import pytest
from pypangolin import PangolinClient
from pypangolin.exceptions import AuthenticationError

from conftest import free_loopback_port, server_binary

LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+)")


def clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANGOLIN_")}
    env.update(PANGOLIN_BCRYPT_COST="4", **extra)
    return env


class Started:
    """A server started without a configured root password, with its output captured."""

    def __init__(self, data_dir: Path, **env: str):
        self.process = subprocess.Popen(
            [str(server_binary()), "--port", str(free_loopback_port()), "--data-dir", str(data_dir)],
            env=clean_env(**env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            text=True,
        )
        self.output = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.output += line
            match = LISTENING.search(line)
            if match:
                self.url = match.group(1)
                return
        self.stop()
        raise AssertionError(f"the server did not report that it is listening:\n{self.output}")

    def generated_password(self) -> str | None:
        match = re.search(r"generated password:\s*\n\s*\n\s*(\S+)", self.output)
        return match.group(1) if match else None

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def test_first_start_generates_a_root_password_once_and_keeps_tokens_valid_across_restarts(tmp_path):
    data_dir = tmp_path / "data"
    first = Started(data_dir)
    try:
        password = first.generated_password()
        assert password, f"no generated password in:\n{first.output}"
        assert len(password) >= 16
        client = PangolinClient(first.url)
        client.login("admin", password)
        token = client.token
        with pytest.raises(AuthenticationError):
            PangolinClient(first.url).login("admin", "password")
    finally:
        first.stop()

    # Only the hash is stored, and the generated token secret is private to its owner.
    stored = b"".join(path.read_bytes() for path in data_dir.glob("catalog.sqlite*"))
    assert password.encode() not in stored
    assert (data_dir / "jwt-secret").stat().st_mode & 0o077 == 0

    second = Started(data_dir)
    try:
        assert second.generated_password() is None, f"the password was printed again:\n{second.output}"
        assert "generated" not in second.output
        survivor = PangolinClient(second.url, token=token)
        assert survivor.get("/api/v1/users/me")["username"] == "admin"
    finally:
        second.stop()


def test_a_configured_root_password_replaces_the_stored_one(tmp_path):
    data_dir = tmp_path / "data"
    first = Started(data_dir)
    generated = first.generated_password()
    first.stop()
    assert generated

    second = Started(data_dir, PANGOLIN_ROOT_PASSWORD="a-new-root-password")
    try:
        PangolinClient(second.url).login("admin", "a-new-root-password")
        with pytest.raises(AuthenticationError):
            PangolinClient(second.url).login("admin", generated)
    finally:
        second.stop()


def test_help_explains_every_option():
    result = subprocess.run([str(server_binary()), "--help"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    for option in ["--host", "--port", "--data-dir", "--in-memory", "--root-user", "--root-password",
                   "--jwt-secret", "--token-lifetime-hours", "--log-level"]:
        assert option in result.stdout, option
    for variable in ["PANGOLIN_HOST", "PANGOLIN_PORT", "PANGOLIN_DATA_DIR", "PANGOLIN_ROOT_USER",
                     "PANGOLIN_ROOT_PASSWORD", "PANGOLIN_JWT_SECRET"]:
        assert variable in result.stdout, variable


def run_failing(args: list[str], **env: str) -> str:
    """Runs the server expecting it to refuse to start; returns its one line of error."""
    result = subprocess.run([str(server_binary()), *args], env=clean_env(PANGOLIN_ROOT_PASSWORD="long-enough-pw", **env),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, f"exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, f"expected one line of error, got:\n{result.stderr}"
    assert lines[0].startswith("pangolin-server: error: ")
    assert "Fatal error" not in result.stderr and "Stack dump" not in result.stderr
    return lines[0]


def test_a_taken_port_is_one_clear_line(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = run_failing(["--port", str(port), "--data-dir", str(tmp_path / "data")])
    assert f"127.0.0.1:{port}" in line and "already in use" in line and "--port" in line


def test_an_unusable_data_directory_is_one_clear_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    line = run_failing(["--data-dir", str(blocker / "data"), "--port", "0"])
    assert "is a file, not a directory" in line and "--data-dir" in line


def test_a_damaged_database_is_one_clear_line_and_is_left_alone(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    garbage = os.urandom(16384)
    (data_dir / "catalog.sqlite").write_bytes(garbage)
    line = run_failing(["--data-dir", str(data_dir), "--port", "0"])
    assert "damaged or is not a SQLite database" in line
    assert (data_dir / "catalog.sqlite").read_bytes() == garbage


def test_a_short_jwt_secret_is_refused(tmp_path):
    line = run_failing(["--in-memory", "--port", "0"], PANGOLIN_JWT_SECRET="too-short")
    assert "at least 32 bytes" in line
