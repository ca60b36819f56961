# credhash build, test and demo entry points. `make test` is what CI runs.

SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
VENV_STAMP := $(VENV)/.installed
BIN_PATH = $(shell $(SWIFT) build --show-bin-path)
CREDHASH = $(BIN_PATH)/credhash

.PHONY: all build test deps swift-test emulator-test conformance api-client-demo demo clean

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

# The example program built on the RebillyAPI library product, run against the emulator.
api-client-demo: deps
	cd examples/api-client && $(SWIFT) build

# Checks the emulator's traffic, first with the Swift client's requests, then with generated
# valid and invalid requests, against Rebilly's OpenAPI definitions.
conformance: $(VENV_STAMP) api-client-demo
	scripts/conformance.sh sh -c 'REBILLY_API_URL=$$REBILLY_EMULATOR_URL exec examples/api-client/.build/debug/api-client-demo'
	cd emulator && ../$(VENV)/bin/python conformance.py --generate --quiet

test: swift-test emulator-test conformance

# Runs the example credentials through validate, plan and apply against the local emulator,
# rotates one secret, and shows the mapping and the current hashes.
demo: build
	CREDHASH=$(CREDHASH) scripts/demo.sh

clean:
	rm -rf .build examples/api-client/.build $(VENV)
