# The two set-up commands for a fresh Debian 12 machine (see README.md):
#   make demo   installs what lode needs, builds it, runs the demo
#   make test   installs what lode needs, builds it, runs every test
# `make build` builds without testing; `make deps` only installs packages.

PYTHON := /usr/bin/python3
BUILD_DIR := build
BUILD_TYPE := Release
JOBS := $(shell nproc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build and the tests need. Node.js (with npm) runs the
# benchmark peers; a machine that has `node` already keeps its own.
DEB_PACKAGES := cmake g++ make ccache pkg-config libgtest-dev libgmock-dev \
	pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest \
	python3-matplotlib python3-setuptools python3-pip \
	libsnappy-dev libzstd-dev liblz4-dev zlib1g-dev libbrotli-dev libre2-dev
NODE_PACKAGES := $(if $(shell command -v node && command -v npm),,nodejs npm)

.PHONY: deps build test test-cpp test-python test-asan test-slow demo clean

deps:
	@missing=""; \
	for package in $(DEB_PACKAGES) $(NODE_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPython_EXECUTABLE=$(PYTHON) -DLODE_TESTS=ON -DLODE_PYTHON=ON >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@$(MAKE) --no-print-directory test-cpp test-python test-asan

test-cpp:
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-python:
	PYTHONPATH=python $(PYTHON) -m pytest tests/python -q -p no:cacheprovider

# The C++ tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	@cmake -S . -B $(BUILD_DIR)-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLODE_SANITIZE=ON -DLODE_PYTHON=OFF -DLODE_TESTS=ON >/dev/null
	@cmake --build $(BUILD_DIR)-asan -j $(JOBS) --target lode_tests
	cd $(BUILD_DIR)-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# The slow tests (more data and cases) that `make test` leaves out.
test-slow: build
	PYTHONPATH=python $(PYTHON) -m pytest tests/python -q -p no:cacheprovider -m slow

demo: build
	PYTHONPATH=python $(PYTHON) -m lode.demo

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-asan python/lode/_lode*.so
