#!/usr/bin/env bash
# Start the action server and the Rasa server; stop both on exit (Ctrl-C included), leaving no port bound.
#   scripts/stack.sh shell   -> the terminal chat (rasa shell) in the foreground
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

if [ "$mode" = shell ]; then
  # in the foreground: the chat needs the terminal; Ctrl-C ends it and the trap stops the action server
  "$VENV/bin/rasa" shell --model "$model" --endpoints endpoints.yml --port "$RASA_PORT" 2>var/rasa.log || true
else
  echo "Rasa REST channel on http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook (log: var/rasa.log). Ctrl-C stops both."
  "$VENV/bin/rasa" run --model "$model" --endpoints endpoints.yml --credentials credentials.yml \
    --interface 127.0.0.1 --port "$RASA_PORT" --enable-api >var/rasa.log 2>&1 &
  pids+=($!)
  wait "${pids[1]}"
fi
