# credhash build, test and demo entry points. `make test` is what CI runs.

SWIFT ?= swift
PYTHON ?= python3
BIN_PATH = $(shell $(SWIFT) build --show-bin-path)
CREDHASH = $(BIN_PATH)/credhash

.PHONY: all build test deps swift-test emulator-test demo clean

all: build

deps:
	@scripts/install-system-deps.sh

build: deps
	$(SWIFT) build

swift-test: deps
	$(SWIFT) build
	$(SWIFT) test

emulator-test:
	cd emulator && $(PYTHON) -m unittest -v

test: swift-test emulator-test

demo: build
	$(CREDHASH) validate -c examples/credentials.yaml
	$(CREDHASH) plan -c examples/credentials.yaml

clean:
	rm -rf .build
