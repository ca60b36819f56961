# credhash build, test and demo entry points. `make test` is what CI runs.

SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
VENV_STAMP := $(VENV)/.installed
BIN_PATH = $(shell $(SWIFT) build --show-bin-path)
CREDHASH = $(BIN_PATH)/credhash

.PHONY: all build test deps swift-test emulator-test conformance demo clean

all: build

# C libraries (libyaml, libcrypto) and Python's venv module, installed when missing.
deps:
	@scripts/install-system-deps.sh

# The conformance checker reads Rebilly's YAML definitions with PyYAML and checks them with jsonschema.
$(VENV_STAMP): | deps
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q 'pyyaml>=6,<7' 'jsonschema>=4.18,<5'
	touch $@

build: deps
	$(SWIFT) build

swift-test: deps
	$(SWIFT) build
	$(SWIFT) test

emulator-test: $(VENV_STAMP)
	cd emulator && ../$(VENV)/bin/python -m unittest

conformance: $(VENV_STAMP)
	cd emulator && ../$(VENV)/bin/python conformance.py --generate --quiet

test: swift-test emulator-test conformance

# Validates the example credentials with throwaway secrets.
demo: build
	set -a && . examples/demo-secrets.env && set +a && $(CREDHASH) validate -c examples/credentials.yaml

clean:
	rm -rf .build $(VENV)
