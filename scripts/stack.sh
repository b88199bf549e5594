#!/usr/bin/env bash
# Start the action server and the Rasa server; stop both on exit (Ctrl-C included), leaving no port bound.
#   scripts/stack.sh chat    -> the terminal chat (python -m bot chat) in the foreground
#   scripts/stack.sh serve   -> the REST channel on 127.0.0.1:$RASA_PORT until stopped
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-serve}
VENV=${VENV:-.venv}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
mkdir -p var
export BOT_ACTION_ENDPOINT=${BOT_ACTION_ENDPOINT:-http://127.0.0.1:${ACTIONS_PORT}/webhook}
export BOT_TRACKER_DB=${BOT_TRACKER_DB:-var/conversations.db}
export TF_CPP_MIN_LOG_LEVEL=3
model=$(ls -t models/*.tar.gz 2>/dev/null | head -n 1)
[ -n "$model" ] || { echo "No trained model in models/: run 'make train'." >&2; exit 1; }

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

SANIC_HOST=127.0.0.1 "$VENV/bin/python" -m rasa_sdk --actions actions --port "$ACTIONS_PORT" >var/actions.log 2>&1 &
pids+=($!)
echo "Action server on port $ACTIONS_PORT (log: var/actions.log)"

"$VENV/bin/rasa" run --model "$model" --endpoints endpoints.yml --credentials credentials.yml \
  --interface 127.0.0.1 --port "$RASA_PORT" --enable-api >var/rasa.log 2>&1 &
pids+=($!)
echo "Rasa REST channel on http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook (log: var/rasa.log)"

if [ "$mode" = chat ]; then
  echo -n "Loading the model "
  until "$VENV/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "http://127.0.0.1:$RASA_PORT/status" >/dev/null 2>&1; do
    kill -0 "${pids[1]}" 2>/dev/null || { echo; echo "Rasa stopped: see var/rasa.log" >&2; exit 1; }
    echo -n "."; sleep 1
  done
  echo
  # in the foreground: the chat needs the terminal; Ctrl-C ends it and the trap stops both servers
  "$VENV/bin/python" -m bot chat --url "http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook" || true
else
  echo "Ctrl-C stops both."
  wait "${pids[1]}"
fi
