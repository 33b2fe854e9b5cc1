# spacedesign — the two commands a new user needs are `make demo` and `make test`.
# Each runs `install` first. Everything the suite needs is installed from here:
# Python packages into .venv, Debian packages with apt-get (as root), npm tools in tools/node.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: install system-deps node-deps demo test lint bench schemas clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "spacedesign needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[all]'
	touch $@

system-deps:
	bash tools/system_deps.sh

node-deps: tools/node/node_modules/.installed

tools/node/node_modules/.installed: tools/node/package.json tools/node/package-lock.json
	bash tools/system_deps.sh nodejs npm
	cd tools/node && npm ci --no-audit --no-fund --loglevel=error
	touch $@

demo: install
	$(BIN)/spacedesign demo

lint: install
	$(BIN)/ruff check spacedesign tests benchmarks tools
	$(BIN)/mypy spacedesign

test: install system-deps node-deps lint
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install system-deps node-deps
	$(PY) -m benchmarks

schemas: install
	$(PY) -m spacedesign.io.schemas --write

clean:
	rm -rf $(VENV) tools/node/node_modules .pytest_cache .mypy_cache .ruff_cache
