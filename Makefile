# localstack-ws-ext: two commands on a fresh machine, `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV        ?= .venv
VENV_PY     := $(VENV)/bin/python
STAMP       := $(VENV)/.installed
GATEWAY_LISTEN ?= 127.0.0.1:4566
PYTEST_ARGS ?=

# A usable interpreter: $(PYTHON) if given, else the first of pyenv's 3.13/3.12, python3.13, python3.12, python3
# that really runs and is >= 3.12 (pyenv shims exist on PATH even when they cannot run).
define find_python
for c in "$(PYTHON)" \
         $$(command -v pyenv >/dev/null 2>&1 && ls -d "$$(pyenv root)"/versions/3.13*/bin/python3 "$$(pyenv root)"/versions/3.12*/bin/python3 2>/dev/null | sort -rV) \
         python3.13 python3.12 python3; do \
  [ -n "$$c" ] || continue; \
  if "$$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; then echo "$$c"; break; fi; \
done
endef

.PHONY: help install run test lint format dist clean stubs bench tools browser conformance

help:
	@echo "make run      install if needed, start LocalStack with the extension on $(GATEWAY_LISTEN)"
	@echo "make test     install if needed, run the test suite against real LocalStack processes"
	@echo "make install  create $(VENV) (Python >= 3.12) and install the extension, its runtime and the Lambda SDKs"
	@echo "make tools    install the pinned CDK / Serverless v3 / SAM CLIs of the end-to-end tests (cached outside the repo)"
	@echo "make browser  install headless Chromium + chromedriver for the inspector's page tests (apt-get, as root)"
	@echo "make bench    our gateway against a bare echo server, and a connect/close soak (same run)"
	@echo "make conformance  Autobahn|Testsuite against a Lambda echo route, AWS limits applied"
	@echo "make lint | format | dist | clean | stubs"

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml constraints.txt localstack_ws_ext/lambda_runtime/sdk/nodejs/package-lock.json
	@py="$$($(find_python))"; \
	if [ ! -x "$(VENV_PY)" ]; then \
	  if [ -z "$$py" ]; then \
	    echo "ERROR: no Python >= 3.12 found (LocalStack 2026.3 needs it). Install one (e.g. 'pyenv install 3.13')" \
	         "or pass PYTHON=/path/to/python3.13." >&2; exit 1; \
	  fi; \
	  echo "Creating $(VENV) with $$py"; "$$py" -m venv "$(VENV)"; \
	fi
	$(VENV_PY) -m pip install --disable-pip-version-check -q --upgrade pip
	$(VENV_PY) -m pip install --disable-pip-version-check -q -c constraints.txt -e '.[dev]'
	$(VENV_PY) -m localstack_ws_ext.lambda_runtime.sdk install --constraints constraints.txt
	@touch $(STAMP)

# DISABLE_EVENTS=1 by default: offline, LocalStack's analytics call at shutdown fails, and that failure skips the
# remaining shutdown hooks (services never stop, the process never exits). Set DISABLE_EVENTS=0 to keep them.
run: install
	@if [ -z "$$LAMBDA_RUNTIME_EXECUTOR" ] && ! docker info >/dev/null 2>&1; then \
	  echo "No Docker engine reachable: Lambda functions run with the Docker-less 'local' executor."; \
	  export LAMBDA_RUNTIME_EXECUTOR=local; \
	fi; \
	DISABLE_EVENTS="$${DISABLE_EVENTS:-1}" GATEWAY_LISTEN="$(GATEWAY_LISTEN)" exec $(VENV_PY) -m localstack.runtime.main

test: install
	$(VENV_PY) -m pytest $(PYTEST_ARGS)

# The deployment tools of the end-to-end tests (tests/tools: npm ci / pip from the pinned manifests) into
# $LOCALSTACK_WS_EXT_CACHE/tools (default ~/.cache/localstack-ws-ext/tools); tests install them on first use anyway.
tools: install
	$(VENV_PY) -m tests.tools install

lint: install
	$(VENV)/bin/ruff check localstack_ws_ext tests
	$(VENV)/bin/ruff format --check localstack_ws_ext tests

format: install
	$(VENV)/bin/ruff check --fix localstack_ws_ext tests
	$(VENV)/bin/ruff format localstack_ws_ext tests

dist: install
	$(VENV_PY) -m build --wheel --outdir dist .

# Regenerate the typed API stubs from the installed botocore specs (commit the result).
stubs: install
	mkdir -p localstack_ws_ext/api/apigatewayv2 localstack_ws_ext/api/apigatewaymanagementapi
	$(VENV_PY) -m localstack.aws.scaffold generate apigatewayv2 --save --path localstack_ws_ext/api
	$(VENV_PY) -m localstack.aws.scaffold generate apigatewaymanagementapi --save --path localstack_ws_ext/api
	$(VENV)/bin/ruff format localstack_ws_ext/api

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

# Debian's chromium and chromium-driver for tests/test_inspector_page.py (the tests install them on first use anyway).
browser: install
	$(VENV_PY) -m tests.tools.browser

# Benchmark against a bare websockets echo server in the same run (loopback, bounded); see README "Performance".
bench: install
	$(VENV_PY) -m tests.bench

# The WebSocket protocol's conformance suite against a Lambda echo route (docs/development.md); 0 FAILED expected.
conformance: install
	$(VENV_PY) -m tests.conformance
