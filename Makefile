# The two commands of the quick start: `make demo` and `make test`.
SWIFT ?= swift
BUILD_FLAGS ?=

.PHONY: deps build demo test clean

deps:
	@Tools/install-deps

build: deps
	$(SWIFT) build $(BUILD_FLAGS)

demo: build
	$(SWIFT) run $(BUILD_FLAGS) trustbench demo

test: deps
	$(SWIFT) build --build-tests $(BUILD_FLAGS)
	$(SWIFT) test --skip-build $(BUILD_FLAGS)

clean:
	rm -rf .build
