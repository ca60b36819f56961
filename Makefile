# credhash build, test and demo entry points. `make test` is what CI runs.

SWIFT ?= swift
PYTHON ?= python3
VENV := .venv
VENV_STAMP := $(VENV)/.installed
BIN_PATH = $(shell $(SWIFT) build --show-bin-path)
CREDHASH = $(BIN_PATH)/credhash
RELEASE_BIN_PATH = $(shell $(SWIFT) build -c release --show-bin-path)

.PHONY: all build test deps swift-test emulator-test conformance api-client-demo demo install release crash-test fuzz bench clean

# Where `make install` puts credhash; DESTDIR stages the tree for a package.
PREFIX ?= /usr/local
DESTDIR ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
BASH_COMPLETION_DIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
CRASH_ITERATIONS ?= 100
FUZZ_SECONDS ?= 60

all: build

# C libraries (libyaml, libcrypto, libpq) and Python's venv module, installed when missing.
deps:
	@scripts/install-system-deps.sh

# The conformance checker reads Rebilly's YAML definitions with PyYAML and checks them with jsonschema.
$(VENV_STAMP): | deps
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q 'pyyaml>=6,<7' 'jsonschema>=4.18,<5'
	touch $@

build: deps
	$(SWIFT) build

# The PostgreSQL state tests run against a throwaway server on a Unix socket; without
# PostgreSQL they are skipped with the reason.
swift-test: deps
	$(SWIFT) build
	scripts/with-test-postgres.sh $(SWIFT) test

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

# Builds the release binary with the Swift standard library linked in, which starts about a
# third faster than one linked to the toolchain's shared libraries (see docs/benchmarks.md), and
# installs it with its bash and zsh completion scripts.
install:
	scripts/install-system-deps.sh static
	$(SWIFT) build -c release --static-swift-stdlib --product credhash
	install -d $(BINDIR) $(BASH_COMPLETION_DIR) $(ZSH_COMPLETION_DIR)
	install -m 0755 $(RELEASE_BIN_PATH)/credhash $(BINDIR)/credhash
	$(RELEASE_BIN_PATH)/credhash completion bash > $(BASH_COMPLETION_DIR)/credhash
	$(RELEASE_BIN_PATH)/credhash completion zsh > $(ZSH_COMPLETION_DIR)/_credhash
	chmod 0644 $(BASH_COMPLETION_DIR)/credhash $(ZSH_COMPLETION_DIR)/_credhash

# A binary with the Swift runtime linked in, copied to dist/ with its size and SHA-256.
release: deps
	SWIFT=$(SWIFT) scripts/build-release.sh

# Kills CRASH_ITERATIONS applies of 50 credentials with SIGKILL and checks the state and the
# emulator after each re-run. Not part of `make test`: 100 iterations took about 2 minutes with
# the debug build on a 2-core machine.
crash-test: build
	$(PYTHON) scripts/crash_campaign.py --iterations $(CRASH_ITERATIONS) --binary $(CREDHASH)

# Fuzzes the config loader with libFuzzer for FUZZ_SECONDS seconds; not part of `make test`.
fuzz: deps
	SWIFT=$(SWIFT) FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz-config.sh

# Times plan, refresh, apply and start-up of the release build, side by side with octoDNS, and
# writes docs/benchmarks.md. Not part of `make test`. On a 2-core machine the first full run
# took about 9 minutes, and later runs, which reuse the inputs and states cached in
# $(BENCH_DIR), 3 to 4 minutes. Delete $(BENCH_DIR) to generate them again.
# BENCH_SIZES=100,1000 BENCH_RUNS=3 gives a quick run.
BENCH_SIZES ?= 100,1000,10000
BENCH_RUNS ?= 5
BENCH_DIR := .build-bench
bench: deps
	Benchmarks/setup.sh $(BENCH_DIR)
	$(SWIFT) build -c release --product credhash
	$(SWIFT) build -c release --product credhash --static-swift-stdlib --scratch-path $(BENCH_DIR)/static
	cd Benchmarks && $(PYTHON) run.py --credhash $(RELEASE_BIN_PATH)/credhash \
		--static-credhash $$($(SWIFT) build -c release --static-swift-stdlib --scratch-path $(CURDIR)/$(BENCH_DIR)/static --show-bin-path)/credhash \
		--octodns-sync $(CURDIR)/$(BENCH_DIR)/venv/bin/octodns-sync --work $(CURDIR)/$(BENCH_DIR) \
		--sizes $(BENCH_SIZES) --runs $(BENCH_RUNS)

clean:
	rm -rf .build examples/api-client/.build $(VENV)
