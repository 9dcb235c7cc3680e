#!/usr/bin/env bash
# Starts the action server and the Rasa server together, and stops both
# together. Modes:
#   foreground  both in the foreground until Ctrl-C (make serve)
#   chat        both in the background, a terminal chat in front (make run)
#   shell       the action server in the background, `rasa shell` in front
set -uo pipefail
mode=${1:-foreground}
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
MODEL=${MODEL:-models/assistant.tar.gz}
ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WEB_PORT=${WEB_PORT:-8080}
export WEB_PORT SOCKET_URL=${SOCKET_URL:-http://localhost:$RASA_PORT}
export WIDGET_ORIGINS=${WIDGET_ORIGINS:-http://localhost:$WEB_PORT,http://127.0.0.1:$WEB_PORT}
export ACTION_PORT RASA_PORT TRACKER_DB=${TRACKER_DB:-$PWD/var/tracker.db}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
export RASA_TELEMETRY_ENABLED=false PYTHONPATH=$PWD
mkdir -p var/logs "$(dirname "$TRACKER_DB")"

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$ACTION_PORT" $([ "$mode" != shell ] && echo "$RASA_PORT $WEB_PORT"); do
  if port_busy "$port"; then
    target=$(case $mode in foreground) echo serve;; chat) echo run;; *) echo "$mode";; esac)
    echo "Port $port is already in use. Stop what runs there, or choose other ports: make $target ACTION_PORT=... RASA_PORT=..." >&2
    exit 1
  fi
done

start_actions() {
  "$VENV/bin/python" -m rasa_sdk --actions actions --port "$ACTION_PORT" >"$1" 2>&1 &
  pids+=($!)
}
start_web() {
  "$VENV/bin/python" web/server.py >"$1" 2>&1 &
  pids+=($!)
}
start_rasa() {
  "$VENV/bin/rasa" run --model "$MODEL" --port "$RASA_PORT" \
    --credentials "${CREDENTIALS:-credentials.yml}" --endpoints "${ENDPOINTS:-endpoints.yml}" >"$1" 2>&1 &
  pids+=($!)
}
wait_ready() {
  local url=$1 what=$2 log=$3
  for _ in $(seq 1 180); do
    if "$VENV/bin/python" - "$url" <<'PY' 2>/dev/null; then return 0; fi
import sys, urllib.request
urllib.request.urlopen(sys.argv[1], timeout=2)
PY
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "$what stopped while starting; see $log" >&2; tail -20 "$log" >&2; return 1; }
    done
    sleep 1
  done
  echo "$what did not become ready in 180 s; see $log" >&2
  return 1
}

case "$mode" in
  foreground)
    start_actions /dev/stdout
    start_rasa /dev/stdout
    start_web /dev/stdout
    echo "Action server on :$ACTION_PORT, Rasa on :$RASA_PORT (REST at /webhooks/rest/webhook, socket.io at /socket.io),"
    echo "web page on http://localhost:$WEB_PORT/ . Ctrl-C stops them all."
    wait -n "${pids[@]}"
    echo "A server stopped; stopping the other." >&2
    exit 1
    ;;
  chat)
    echo "Starting the assistant (first start takes about 20 seconds)..."
    start_actions var/logs/actions.log
    start_rasa var/logs/rasa.log
    wait_ready "http://127.0.0.1:$ACTION_PORT/health" "The action server" var/logs/actions.log || exit 1
    wait_ready "http://127.0.0.1:$RASA_PORT/webhooks/rest/" "The Rasa server" var/logs/rasa.log || exit 1
    start_web var/logs/web.log
    echo "The chat widget is also on a web page: open http://localhost:$WEB_PORT/ in a browser."
    "$VENV/bin/python" scripts/chat.py --url "http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook"
    ;;
  shell)
    start_actions var/logs/actions.log
    wait_ready "http://127.0.0.1:$ACTION_PORT/health" "The action server" var/logs/actions.log || exit 1
    "$VENV/bin/rasa" shell --model "$MODEL" --endpoints "${ENDPOINTS:-endpoints.yml}"
    ;;
  *) echo "usage: $0 foreground|chat|shell" >&2; exit 2 ;;
esac
