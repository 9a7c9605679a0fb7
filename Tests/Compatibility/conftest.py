"""Fixtures for the pypangolin compatibility suite.

The suite drives the real ``pangolin-server`` binary (``PANGOLIN_SERVER_BINARY``,
set by ``run.sh``) through the real ``pypangolin`` client from PyPI. One server
is started for the whole session on a free loopback port with its own temporary
data directory; tests keep out of each other's way by creating their own
uniquely named warehouse, catalog and namespace.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

import pytest
from pypangolin import PangolinClient

REPO_ROOT = Path(__file__).resolve().parents[2]

ROOT_USER = "admin"
ROOT_PASSWORD = "compat-root-password"

STARTUP_TIMEOUT_SECONDS = 60.0
SHUTDOWN_GRACE_SECONDS = 10.0


# --------------------------------------------------------------------------- server


def server_binary() -> Path:
    configured = os.environ.get("PANGOLIN_SERVER_BINARY")
    if configured:
        binary = Path(configured)
    else:
        # Running pytest directly after `swift build`; run.sh always sets the variable.
        binary = REPO_ROOT / ".build" / "debug" / "pangolin-server"
    if not binary.is_file() or not os.access(binary, os.X_OK):
        raise RuntimeError(
            f"pangolin-server binary not found or not executable at {binary}; "
            "build it with `swift build --product pangolin-server` and set "
            "PANGOLIN_SERVER_BINARY (Tests/Compatibility/run.sh does both)"
        )
    return binary


def free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningServer:
    process: subprocess.Popen
    url: str
    data_dir: Path
    log_path: Path

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except OSError:
            return "<no log>"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=SHUTDOWN_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health/ready", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def start_server(data_dir: Path, attempts: int = 3, extra_env: dict | None = None) -> RunningServer:
    """Starts pangolin-server on a free loopback port and waits until it is ready.

    Picking a port by binding to port 0 and releasing it leaves a small window in
    which another process can take it, so a start that dies early is retried on a
    new port.
    """
    binary = server_binary()
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "PANGOLIN_ROOT_PASSWORD": ROOT_PASSWORD,
            "PANGOLIN_BCRYPT_COST": "4",
            # Pin what the fixtures rely on, whatever the caller's environment says.
            "PANGOLIN_HOST": "127.0.0.1",
            "PANGOLIN_ROOT_USER": ROOT_USER,
        }
    )
    env.pop("PANGOLIN_PORT", None)
    env.pop("PANGOLIN_DATA_DIR", None)
    env.pop("PANGOLIN_DATABASE_URL", None)
    env.update(extra_env or {})

    last_log = ""
    for attempt in range(1, attempts + 1):
        port = free_loopback_port()
        url = f"http://127.0.0.1:{port}"
        log_path = data_dir / f"server-{port}.log"
        log_file = open(log_path, "wb")
        process = subprocess.Popen(
            [str(binary), "--port", str(port), "--data-dir", str(data_dir)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log_file.close()  # the child keeps its own descriptor
        server = RunningServer(process=process, url=url, data_dir=data_dir, log_path=log_path)

        deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if process.poll() is not None:
                break
            if _ready(url):
                return server
            time.sleep(0.1)

        last_log = server.log()
        exited = process.poll() is not None
        server.stop()
        if not exited:
            raise RuntimeError(
                f"pangolin-server did not answer 200 on {url}/health/ready within "
                f"{STARTUP_TIMEOUT_SECONDS:.0f} s. Its output:\n{last_log}"
            )
        if "already in use" not in last_log:
            raise RuntimeError(
                f"pangolin-server exited with status {process.returncode} during startup "
                f"(attempt {attempt}). Its output:\n{last_log}"
            )
    raise RuntimeError(f"pangolin-server could not get a free port in {attempts} attempts:\n{last_log}")


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Iterator[RunningServer]:
    running = start_server(tmp_path_factory.mktemp("pangolin-data"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="session")
def base_url(server: RunningServer) -> str:
    return server.url


@pytest.fixture
def fresh_server(tmp_path) -> Iterator[RunningServer]:
    """A server of its own, with an empty database, for one test."""
    running = start_server(tmp_path / "pangolin-data")
    try:
        yield running
    finally:
        running.stop()


# --------------------------------------------------------------------------- clients


@pytest.fixture
def client(base_url: str) -> PangolinClient:
    """A pypangolin client logged in as root (acting in the 'default' tenant)."""
    c = PangolinClient(base_url)
    c.login(ROOT_USER, ROOT_PASSWORD)
    return c


def unique(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@dataclass
class Scope:
    """A warehouse, catalog and namespace created for one test."""

    warehouse: str
    catalog: str
    namespace: str  # dotted, as the asset API takes it in the path

    @property
    def namespace_parts(self) -> list:
        return self.namespace.split(".")


@pytest.fixture
def make_scope(client: PangolinClient) -> Callable[..., Scope]:
    """Creates a uniquely named warehouse/catalog/namespace through pypangolin.

    ``make_scope()`` gives a one-level namespace; ``make_scope(["a", "b"])`` creates
    ``a`` and then ``a.b`` (names are used as given inside the unique catalog).
    """

    def make(namespace: Sequence[str] | None = None) -> Scope:
        warehouse = unique("wh")
        catalog = unique("cat")
        client.warehouses.create_s3(warehouse, bucket=f"bucket-{uuid.uuid4().hex[:8]}")
        client.catalogs.create(catalog, warehouse=warehouse)
        parts = list(namespace) if namespace else [unique("ns")]
        namespaces = client.catalogs.namespaces(catalog)
        for depth in range(1, len(parts) + 1):
            namespaces.create(parts[:depth])
        return Scope(warehouse=warehouse, catalog=catalog, namespace=".".join(parts))

    return make


@pytest.fixture
def scope(make_scope) -> Scope:
    return make_scope()


# --------------------------------------------------------------------------- S3


@pytest.fixture(scope="session")
def s3(tmp_path_factory):
    """A SeaweedFS S3 server for the session (see seaweedfs.py)."""
    import seaweedfs

    running = seaweedfs.start(tmp_path_factory.mktemp("seaweedfs"))
    try:
        yield running
    finally:
        running.stop()
