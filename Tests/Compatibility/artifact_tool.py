"""Drives ``artifact-tool`` (``ARTIFACT_TOOL``, built by ``run.sh``), which reads and writes files
with the library's own formats and prints rows as typed JSON, so that every value keeps its type on
the way: ``[column, {"int": "…"}]`` pairs per row. Files are paths or ``s3://`` URLs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import subprocess
import uuid
from decimal import Decimal
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)


def tool(*args: str, env: dict | None = None) -> str:
    binary = os.environ.get("ARTIFACT_TOOL") or str(REPO_ROOT / ".build" / "debug" / "artifact-tool")
    completed = subprocess.run([binary, *args], capture_output=True, text=True, timeout=300, env=env)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


# --------------------------------------------------------------------------- typed JSON


def tagged(value):
    if value is None:
        return None
    if isinstance(value, bool):
        return {"bool": value}
    if isinstance(value, int):
        return {"int": str(value)}
    if isinstance(value, float):
        return {"double": repr(value)}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    if isinstance(value, str):
        return {"string": value}
    if isinstance(value, dt.datetime):
        return {"timestamp": str((value - EPOCH) // dt.timedelta(microseconds=1))}
    if isinstance(value, dt.date):
        return {"date": (value - dt.date(1970, 1, 1)).days}
    if isinstance(value, uuid.UUID):
        return {"uuid": str(value)}
    if isinstance(value, list):
        return {"array": [tagged(v) for v in value]}
    if isinstance(value, dict):
        return {"object": [[k, tagged(v)] for k, v in value.items()]}
    raise TypeError(value)


def untagged(value):
    if value is None:
        return None
    (tag, payload), = value.items()
    if tag == "int":
        return int(payload)
    if tag == "double":
        return float(payload)
    if tag in ("bool", "string"):
        return payload
    if tag == "decimal":
        return Decimal(payload)
    if tag == "timestamp":
        return EPOCH + dt.timedelta(microseconds=int(payload))
    if tag == "date":
        return dt.date(1970, 1, 1) + dt.timedelta(days=payload)
    if tag == "uuid":
        return uuid.UUID(payload)
    if tag == "array":
        return [untagged(v) for v in payload]
    if tag == "object":
        return {k: untagged(v) for k, v in payload}
    raise ValueError(tag)


def write_rows(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps([[k, tagged(v)] for k, v in row.items()]) + "\n" for row in rows))
    return path


def read_with_tool(path: Path | str, *args: str, env: dict | None = None) -> list[dict]:
    return [{k: untagged(v) for k, v in json.loads(line)} for line in tool("read", str(path), *args, env=env).splitlines()]


def same(left, right) -> bool:
    """Equality that takes NaN as equal to itself, decimals by value and -0.0 apart from 0.0."""
    if isinstance(left, float) and isinstance(right, float):
        if math.isnan(left) or math.isnan(right):
            return math.isnan(left) and math.isnan(right)
        return left == right and math.copysign(1, left) == math.copysign(1, right)
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right))
    return left == right


def assert_rows(actual: list[dict], expected: list[dict]) -> None:
    assert len(actual) == len(expected)
    for index, (a, e) in enumerate(zip(actual, expected)):
        assert same(a, e), f"row {index}:\n  got      {a}\n  expected {e}"
