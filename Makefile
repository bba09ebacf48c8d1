# The two commands of the quick start: `make demo` and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=

.PHONY: deps build demo test lint format clean

deps:
	@Tools/install-deps

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

demo: build
	$(SWIFT) run $(BUILD_FLAGS) trustbench demo

test: deps lint
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

# House style (.swift-format: 4-space indent, 120 columns): `make lint` fails on any departure,
# `make format` fixes what it can. TCG names (sm3_256, policyCommandCode) keep their spelling.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Package.swift Sources Tests

format:
	$(SWIFT) format format --in-place --recursive --parallel Package.swift Sources Tests

clean:
	rm -rf .build
