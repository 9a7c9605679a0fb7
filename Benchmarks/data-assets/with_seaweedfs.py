"""Runs a command with a SeaweedFS S3 server on loopback: starts ``weed mini`` as the
compatibility suite does (Tests/Compatibility/seaweedfs.py), passes its endpoint and keys to the
command as AWS_* variables, and stops the server when the command ends.

    python with_seaweedfs.py COMMAND [ARGUMENTS...]
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Tests" / "Compatibility"))
import seaweedfs  # noqa: E402

with tempfile.TemporaryDirectory(prefix="seaweedfs-bench-") as directory:
    server = seaweedfs.start(Path(directory))
    try:
        status = subprocess.run(sys.argv[1:], env={**os.environ, **server.environment}).returncode
    finally:
        server.stop()
sys.exit(status)
