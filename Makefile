# One-command set-up: `make run` (chat) and `make test` (every test).
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON_VERSION := 3.10
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
MODEL := models/assistant.tar.gz
ACTION_PORT ?= 5055
RASA_PORT ?= 5005
WEB_PORT ?= 8080
TRACKER_DB ?= $(CURDIR)/var/tracker.db
CHROMIUM ?= /usr/bin/chromium

export RASA_TELEMETRY_ENABLED := false
export PYTHONPATH := $(CURDIR)
export ACTION_PORT RASA_PORT WEB_PORT TRACKER_DB
export TF_CPP_MIN_LOG_LEVEL := 3
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

TRAINING_INPUTS := config.yml domain.yml $(wildcard data/*.yml) $(wildcard components/*.py) assistant/vocabulary.py \
  assistant/ranker.py assistant/questions.py assistant/language.py content/vocabulary.yml content/passage_questions.yml \
  content/ranking.yml content/not_covered_questions.yml content/routing.yml content/languages.yml \
  content/es/passage_questions.yml content/es/not_covered_questions.yml

.PHONY: services web browser run serve shell train check test install validate test-nlu test-stories bench bench-core bench-followups bench-load bench-blind bench-ranker bench-screens bench-readability clean help

help:
	@echo "make run | serve | shell | train | check | test | bench-core | bench-followups | clean"

## install: Python 3.10 venv with the pinned dependencies
install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock requirements-nodeps.txt
	@scripts/make_venv.sh $(VENV) $(PYTHON_VERSION)
	$(VENV)/bin/pip install --quiet --upgrade pip==24.0
	$(VENV)/bin/pip install --quiet -r requirements.lock
	$(VENV)/bin/pip install --quiet --no-deps -r requirements-nodeps.txt
	@touch $@

## web: the widget bundle and font, from the npm registry (web/package-lock.json)
WEB_BUILD := web/public/static/vendor/webchat.js

web: $(WEB_BUILD)

$(WEB_BUILD): web/package-lock.json scripts/build_web.py $(VENV)/.installed
	cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	$(PY) scripts/build_web.py

## train: only when data, domain, config or components changed
train: $(MODEL)

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	$(RASA) train --fixed-model-name assistant --out models
	@touch $@

## serve: action server + Rasa server in the foreground until Ctrl-C
serve: $(MODEL) $(WEB_BUILD)
	@scripts/serve.sh foreground

## run: start everything in the background and chat in the terminal
run: $(MODEL) $(WEB_BUILD)
	@scripts/serve.sh chat

## shell: plain `rasa shell` with the action server
shell: $(MODEL)
	@scripts/serve.sh shell

## check: fast tests, no training, no servers
check: $(VENV)/.installed
	$(PY) -m pytest -q tests/unit

validate: $(VENV)/.installed
	$(RASA) data validate --fail-on-warnings

test-nlu: $(MODEL)
	$(RASA) test nlu --nlu tests/nlu_test.yml --model $(MODEL) --out results/nlu
	$(PY) scripts/nlu_report.py results/nlu/intent_report.json --min-accuracy 0.95

test-stories: $(MODEL)
	rm -rf results/stories
	$(PY) scripts/make_test_stories.py results/stories/test_followups.yml
	cp tests/test_stories.yml results/stories/test_basics.yml
	$(RASA) test core --e2e --stories results/stories --model $(MODEL) --out results/core --fail-on-prediction-errors

## browser: Debian's Chromium for the widget test (test tools' own downloads fail here)
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "Installing Debian's chromium for the browser test..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; \
	fi
	@test -x $(CHROMIUM) || { echo "Chromium is missing at $(CHROMIUM): the browser test cannot run"; exit 1; }

## services: PostgreSQL and Redis for the production-path tests
services:
	@scripts/ensure_services.sh

## test: install, train, then every test
test: $(MODEL) $(WEB_BUILD) browser services validate
	$(PY) -m pytest -q tests
	$(MAKE) --no-print-directory test-nlu test-stories

## benchmarks: print figures, assert nothing
bench-core: $(MODEL)
	$(PY) -m benchmarks.core

bench-followups: $(MODEL)
	$(PY) -m benchmarks.followup_accuracy

## blind sets (tests/blind/): right answers, urgent recall, false alarms, over REST
bench-blind: $(MODEL)
	$(PY) -m benchmarks.blind

## the passage ranker on its example questions (leave-one-out) and its not-covered threshold
bench-ranker: $(VENV)/.installed
	$(PY) -m benchmarks.ranker

## the screens' precision and recall on every labelled set (no servers)
bench-screens: $(VENV)/.installed
	$(PY) -m benchmarks.screens

## readability of the passages: English grade, Spanish Fernández-Huerta and INFLESZ
bench-readability: $(VENV)/.installed
	$(PY) -m benchmarks.readability

## masking on the frozen masking set: identifiers masked, report lines changed (no servers)
bench-masking: $(VENV)/.installed
	$(PY) -m benchmarks.masking

## Microsoft Presidio against the project's masking on the frozen masking set, in its own venv (.venv-presidio)
.PHONY: bench-presidio
bench-presidio:
	@if [ ! -x .venv-presidio/bin/python ]; then \
	  py=""; for p in "$${PYTHON310:-}" "$$HOME/.pyenv/versions/3.10.13/bin/python" "$$(command -v python3.10 || true)" \
	      "$$HOME/.pyenv/versions/3.11.7/bin/python" "$$(command -v python3.11 || true)"; do \
	    if [ -n "$$p" ] && [ -x "$$p" ] && "$$p" -c "import sys; assert sys.version_info[:2] in ((3, 10), (3, 11))" 2>/dev/null; then py=$$p; break; fi; \
	  done; \
	  if [ -z "$$py" ]; then echo "bench-presidio needs Python 3.10 or 3.11 (or PYTHON310=/path/to/python)" >&2; exit 1; fi; \
	  echo "Creating .venv-presidio with $$("$$py" --version)"; "$$py" -m venv .venv-presidio; \
	fi
	@if [ ! -f .venv-presidio/.installed ] || [ benchmarks/presidio-requirements.txt -nt .venv-presidio/.installed ]; then \
	  .venv-presidio/bin/pip install --quiet --upgrade pip==24.0 && \
	  .venv-presidio/bin/pip install --quiet -r benchmarks/presidio-requirements.txt && touch .venv-presidio/.installed; \
	fi
	PYTHONPATH=. .venv-presidio/bin/python -m benchmarks.masking_presidio

## the report reader on the frozen report corpus: findings read right, dangerous misreadings, speed
bench-reports: $(VENV)/.installed
	$(PY) -m benchmarks.reports

bench-load: $(MODEL) services
	$(PY) -m benchmarks.load

## bench: every benchmark; writes docs/benchmarks.md and its plots
bench: $(MODEL) services
	$(PY) -m benchmarks.report

clean:
	rm -rf models results var .pytest_cache
