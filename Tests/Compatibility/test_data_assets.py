"""The data-assets example pipeline, checked with real third-party readers.

Runs the ``data-assets-example`` binary (``DATA_ASSETS_EXAMPLE``, set by ``run.sh``)
into a temporary directory, then reads what it wrote with DuckDB from PyPI: the JSON
Lines and CSV results must hold the same rows with the same types, timestamps must
read as timestamps with their microseconds, and the run records must name the inputs.
Run against the real server with ``PANGOLIN_URL`` set, it registers its three results;
pypangolin, ``pangolin-user lineage`` and DuckDB then find them, their versions and
the pinned edges between them in the catalog.
"""

from __future__ import annotations

import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from conftest import Scope

from pypangolin import PangolinClient

REPO_ROOT = Path(__file__).resolve().parents[2]


def example_binary() -> Path:
    configured = os.environ.get("DATA_ASSETS_EXAMPLE")
    binary = Path(configured) if configured else REPO_ROOT / ".build" / "debug" / "data-assets-example"
    if not binary.is_file():
        raise RuntimeError(f"data-assets-example not found at {binary}; build it with `swift build --product data-assets-example`")
    return binary


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    directory = tmp_path_factory.mktemp("pipeline")
    completed = subprocess.run([str(example_binary()), str(directory)], capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return directory, completed.stdout


def test_example_prints_the_joined_result(pipeline: tuple[Path, str]) -> None:
    _, output = pipeline
    assert "recorded dependencies: orders, customers" in output
    assert "GB      | 4      | 61.96" in output
    assert "(3 rows)" in output


def test_duckdb_reads_json_and_csv_results_alike(pipeline: tuple[Path, str]) -> None:
    directory, _ = pipeline
    con = duckdb.connect()
    from_json = con.execute(
        "SELECT country, orders, revenue FROM read_json_auto(?) ORDER BY country",
        [str(directory / "silver" / "revenue_by_country.json")],
    ).fetchall()
    from_csv = con.execute(
        "SELECT country, orders, revenue FROM read_csv_auto(?) ORDER BY country",
        [str(directory / "silver" / "revenue_by_country.csv")],
    ).fetchall()
    assert from_json == from_csv == [("GB", 4, 61.96), ("NL", 4, 69.96), ("US", 4, 65.96)]


def test_duckdb_reads_timestamps_and_decimals_of_the_orders(pipeline: tuple[Path, str]) -> None:
    directory, _ = pipeline
    con = duckdb.connect()
    rows = con.execute(
        "SELECT orderID, CAST(amount AS DECIMAL(10, 2)), epoch_us(placedAt), typeof(placedAt) "
        "FROM read_json_auto(?) ORDER BY orderID",
        [str(directory / "bronze" / "orders.json")],
    ).fetchall()
    assert len(rows) == 12
    order_id, amount, placed_at_micros, placed_at_type = rows[1]
    assert order_id == 1001
    assert amount == Decimal("11.99")
    assert placed_at_type.startswith("TIMESTAMP")
    assert placed_at_micros == 1_767_229_200_250_000  # 2026-01-01T01:00:00.250000Z
    typed = con.execute(
        "SELECT typeof(placedAt) FROM read_csv_auto(?) LIMIT 1", [str(directory / "bronze" / "orders.csv")]
    ).fetchone()
    assert typed[0].startswith("TIMESTAMP")


def test_fragments_hold_every_row_without_partition_columns(pipeline: tuple[Path, str]) -> None:
    directory, _ = pipeline
    fragments = sorted((directory / "bronze" / "_artifacts" / "asset=orders").glob("part-*.json"))
    assert len(fragments) == 3
    con = duckdb.connect()
    count, columns = con.execute(
        "SELECT count(*), any_value(json_keys(to_json(t))) FROM read_json_auto(?, hive_partitioning = false) t",
        [str(directory / "bronze" / "_artifacts" / "asset=orders" / "*.json")],
    ).fetchone()
    assert count == 12
    assert "asset" not in columns


def test_run_records_name_the_inputs_and_their_runs(pipeline: tuple[Path, str]) -> None:
    directory, _ = pipeline
    runs = [json.loads(path.read_text()) for path in (directory / "_pangolin" / "runs").glob("*/*.json")]
    by_name = {run["asset_name"]: run for run in runs}
    assert set(by_name) == {"orders", "customers", "revenue_by_country"}
    revenue = by_name["revenue_by_country"]
    assert revenue["status"] == "succeeded"
    assert revenue["row_count"] == 3
    assert [(d["asset_name"], d["run_id"]) for d in revenue["dependencies"]] == [
        ("orders", by_name["orders"]["id"]),
        ("customers", by_name["customers"]["id"]),
    ]


# --------------------------------------------------------------------------- registered in a catalog


def run_example(directory: Path, base_url: str, token: str, scope: Scope) -> str:
    env = dict(os.environ, PANGOLIN_URL=base_url, PANGOLIN_TOKEN=token,
               PANGOLIN_CATALOG=scope.catalog, PANGOLIN_NAMESPACE=scope.namespace)
    env.pop("PANGOLIN_API_KEY", None)
    completed = subprocess.run([str(example_binary()), str(directory)], capture_output=True, text=True, env=env, timeout=120)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_example_registers_three_assets_with_pinned_lineage(client: PangolinClient, base_url: str, scope: Scope,
                                                            tmp_path: Path) -> None:
    output = run_example(tmp_path / "pipeline", base_url, client.token, scope)
    assert f"  {scope.namespace}.revenue_by_country v1 (registered)" in output

    listed = client.get(f"/api/v1/catalogs/{scope.catalog}/namespaces/{scope.namespace}/assets")
    assets = {asset["name"]: asset for asset in listed}
    assert set(assets) == {"orders", "customers", "revenue_by_country"}
    assert {asset["kind"] for asset in assets.values()} == {"JSON_TABLE"}
    for asset in assets.values():
        versions = client.get(f"/api/v1/assets/{asset['id']}/versions")
        assert [v["number"] for v in versions] == [1]
        assert versions[0]["checksum"] == asset["properties"]["checksum"]
        assert versions[0]["run_id"] == asset["properties"]["run_id"]

    revenue = assets["revenue_by_country"]
    graph = client.get(f"/api/v1/assets/{revenue['id']}/lineage", params={"direction": "upstream", "depth": 1})
    pins = {(edge["upstream"]["asset_id"], edge["upstream"]["version"], edge["relation"], edge["downstream"]["version"])
            for edge in graph["edges"]}
    assert pins == {(assets["orders"]["id"], 1, "derived_from", 1), (assets["customers"]["id"], 1, "derived_from", 1)}

    # The catalog's location of each version is a file DuckDB reads, holding that version's rows.
    location = revenue["location"]
    assert location.startswith("file://")
    rows = duckdb.connect().execute(
        "SELECT country, orders, revenue FROM read_json_auto(?) ORDER BY country", [location.removeprefix("file://")]
    ).fetchall()
    assert rows == [("GB", 4, 61.96), ("NL", 4, 69.96), ("US", 4, 65.96)]

    lineage = subprocess.run(
        ["pangolin-user", "lineage", "--url", base_url, "--catalog", scope.catalog, "--namespace", scope.namespace,
         "--asset", "revenue_by_country", "--direction", "upstream"],
        capture_output=True, text=True, env=dict(os.environ, PANGOLIN_TOKEN=client.token), timeout=60)
    assert lineage.returncode == 0, lineage.stderr
    assert lineage.stdout.splitlines() == [
        f"{scope.namespace}.revenue_by_country",
        f"├─ <- derived_from {scope.namespace}.orders@v1",
        f"└─ <- derived_from {scope.namespace}.customers@v1",
    ]


def test_example_run_again_makes_no_versions(client: PangolinClient, base_url: str, scope: Scope, tmp_path: Path) -> None:
    run_example(tmp_path / "pipeline", base_url, client.token, scope)
    output = run_example(tmp_path / "pipeline", base_url, client.token, scope)
    assert f"  {scope.namespace}.orders v1 (unchanged)" in output
    for asset in client.get(f"/api/v1/catalogs/{scope.catalog}/namespaces/{scope.namespace}/assets"):
        assert asset["version"] == 1
