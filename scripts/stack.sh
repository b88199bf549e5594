#!/usr/bin/env bash
# Start the action server and the Rasa server; stop both on exit (Ctrl-C included), leaving no port bound.
#   scripts/stack.sh chat    -> the terminal chat (python -m bot chat) in the foreground
#   scripts/stack.sh serve   -> the REST channel on 127.0.0.1:$RASA_PORT until stopped
# Who can reach what (docs/scale-out.md):
# - Both servers listen on 127.0.0.1 only. RASA_HOST=<address> or ACTIONS_HOST=<address> makes one listen
#   elsewhere; then set BOT_REST_SECRET too (bot/channels/rest_secret.py), or anyone who reaches Rasa can
#   write into any conversation.
# - Rasa's HTTP API (/conversations/..., /model) is off. BOT_RASA_API=on turns it on behind a new random token,
#   written to BOT_RASA_API_TOKEN_FILE (default var/rasa-api.token, readable by you only) at each start.
# - Nothing is reported to Rasa's servers: no usage telemetry, no crash reports (bot/rasa_cli.py).
# Logs go to BOT_LOG_DIR (default var/), appended to (>>) so that the retention purge, which cuts their old
# lines in place (docs/transcripts.md, Retention), leaves the servers writing to the same files.
set -euo pipefail
umask 077   # var/, the databases and the logs hold conversations: readable by this user only (bot/private_files.py)
cd "$(dirname "$0")/.."
mode=${1:-serve}
VENV=${VENV:-.venv}
ACTIONS_HOST=${ACTIONS_HOST:-127.0.0.1}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
RASA_HOST=${RASA_HOST:-127.0.0.1}
RASA_PORT=${RASA_PORT:-5005}
LOGS=${BOT_LOG_DIR:-var}
mkdir -p var "$LOGS"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=3

# where this machine reaches a server that listens on every address ("0.0.0.0") or on one
local_address() { case "$1" in 0.0.0.0|::|"[::]") echo 127.0.0.1 ;; *) echo "$1" ;; esac; }
export BOT_ACTION_ENDPOINT=${BOT_ACTION_ENDPOINT:-http://$(local_address "$ACTIONS_HOST"):${ACTIONS_PORT}/webhook}
export BOT_TRACKER_DB=${BOT_TRACKER_DB:-var/conversations.db}
rasa_url="http://$(local_address "$RASA_HOST"):$RASA_PORT"

api=()
case "${BOT_RASA_API:-off}" in
  off) ;;
  on) api=(--api-token-file "${BOT_RASA_API_TOKEN_FILE:-var/rasa-api.token}") ;;
  *) echo "BOT_RASA_API must be 'on' or 'off' (it is '${BOT_RASA_API}')" >&2; exit 1 ;;
esac
case "$RASA_HOST" in
  127.0.0.1|localhost|::1) ;;
  *) [ -n "${BOT_REST_SECRET:-}" ] || echo "Warning: Rasa listens on $RASA_HOST without BOT_REST_SECRET: anyone" \
       "who reaches it can write into any conversation (docs/scale-out.md)." >&2 ;;
esac

model=$(ls -t models/*.tar.gz 2>/dev/null | head -n 1)
[ -n "$model" ] || { echo "No trained model in models/: run 'make train'." >&2; exit 1; }

pids=()
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

SANIC_HOST=$ACTIONS_HOST "$VENV/bin/python" -m rasa_sdk --actions actions --port "$ACTIONS_PORT" \
  >>"$LOGS/actions.log" 2>&1 &
pids+=($!)
echo "Action server on $ACTIONS_HOST:$ACTIONS_PORT (log: $LOGS/actions.log)"

"$VENV/bin/python" -m bot.rasa_cli ${api[@]+"${api[@]}"} run --model "$model" --endpoints endpoints.yml \
  --credentials credentials.yml --interface "$RASA_HOST" --port "$RASA_PORT" >>"$LOGS/rasa.log" 2>&1 &
pids+=($!)
echo "Rasa REST channel on $rasa_url/webhooks/rest/webhook (log: $LOGS/rasa.log)"
[ ${#api[@]} -eq 0 ] || echo "Rasa's HTTP API on $rasa_url behind the token in ${api[1]}"

# The leads' alerts (docs/alerts.md), when the organisation has configured a mail server or a Teams channel.
# Started after Rasa, so "${pids[1]}" stays Rasa's process.
if [ -n "${BOT_ALERT_SMTP_HOST:-}" ] || [ -n "${BOT_ALERT_TEAMS_SERVICE_URL:-}" ]; then
  "$VENV/bin/python" -m bot alerts run >>"$LOGS/alerts.log" 2>&1 &
  pids+=($!)
  echo "Alerts to the safeguarding leads (log: $LOGS/alerts.log)"
fi

if [ "$mode" = chat ]; then
  echo -n "Loading the model "
  until "$VENV/bin/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" \
      "$rasa_url/webhooks/rest/" >/dev/null 2>&1; do
    kill -0 "${pids[1]}" 2>/dev/null || { echo; echo "Rasa stopped: see $LOGS/rasa.log" >&2; exit 1; }
    echo -n "."; sleep 1
  done
  echo
  # in the foreground: the chat needs the terminal; Ctrl-C ends it and the trap stops both servers
  "$VENV/bin/python" -m bot chat --url "$rasa_url/webhooks/rest/webhook" || true
else
  echo "Ctrl-C stops both."
  wait "${pids[1]}"
fi
