# Sourced by the benchmarks' run.sh: the release server they measure, started on a free loopback
# port with a root password, and a token for its API. Needs ROOT (the repository) and OUT_DIR.

BENCH_PASSWORD=bench-password-123

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Stops with what to install unless every tool named is on PATH; makes $OUT_DIR.
bench_prepare() {
  for tool in "$@"; do command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed (apt-get install $tool)" >&2; exit 1; }; done
  mkdir -p "$OUT_DIR"
}

# Builds pangolin-server in release mode (scratch path .build-bench) unless SKIP_BUILD=1; sets BIN.
bench_build() {
  if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
    log "building pangolin-server (release, scratch path .build-bench)"
    (cd "$ROOT" && swift build -c release --product pangolin-server --scratch-path .build-bench 2>&1 | tail -n 1 >&2)
  fi
  BIN="$(cd "$ROOT" && swift build -c release --scratch-path .build-bench --show-bin-path)/pangolin-server"
}

# Starts $BIN with data in $OUT_DIR/data and waits until it is ready; sets server (its pid), url,
# token and auth (curl arguments with the token). The caller stops it (trap 'kill $server' EXIT).
bench_start_server() {
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  PANGOLIN_ROOT_PASSWORD=$BENCH_PASSWORD PANGOLIN_LOG_LEVEL=warning \
    "$BIN" --host 127.0.0.1 --port "$port" --data-dir "$OUT_DIR/data" >"$OUT_DIR/server.log" 2>&1 &
  server=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do curl -sf -o /dev/null "$url/health/ready" && break; sleep 0.1; done
  token=$(curl -sf "$url/api/v1/users/login" -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$BENCH_PASSWORD\"}" | jq -r .token)
  auth=(-H "Authorization: Bearer $token" -H 'content-type: application/json')
}
