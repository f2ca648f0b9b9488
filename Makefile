# The two set-up commands for a fresh Debian 12 machine (see README.md):
#   make demo   installs what lode needs, builds it, runs the demo
#   make test   installs what lode needs, builds it, runs every test
# `make build` builds without testing; `make deps` only installs packages;
# `make peers` installs the DuckDB and Polars peers (npm) that tests compare with.

PYTHON := /usr/bin/python3
BUILD_DIR := build
BUILD_TYPE := Release
JOBS := $(shell nproc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages the build and the tests need.
DEB_PACKAGES := cmake g++ make ccache pkg-config libgtest-dev libgmock-dev \
	pybind11-dev python3-dev python3-numpy python3-pandas python3-pytest \
	python3-matplotlib python3-setuptools python3-pip \
	libsnappy-dev libzstd-dev liblz4-dev zlib1g-dev libbrotli-dev libre2-dev
# Node.js (with npm) runs the peers, DuckDB and Polars: the oracles of the
# interop tests and the benchmarks' rivals. Only `make peers` needs it; a
# machine that has `node` and `npm` already keeps its own.
NODE_PACKAGES := $(if $(shell command -v node && command -v npm),,nodejs npm)
PEERS_INSTALL := $(CURDIR)/../shared/peers/install.sh

.PHONY: deps peers build test test-cpp test-python test-asan test-tsan test-stress test-fuzz test-slow demo clean

# Installs the Debian packages in $(1) that are missing.
install_debian = missing=""; \
	for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

deps:
	@$(call install_debian,$(DEB_PACKAGES))

# The peers (npm packages) in ~/.cache/lode-peers, or $LODE_PEERS_DIR; the
# first time needs the npm registry, later runs only check them.
peers:
	@$(call install_debian,$(NODE_PACKAGES))
	@[ -x "$(PEERS_INSTALL)" ] || { echo "cannot find $(PEERS_INSTALL): the shared/ folder must sit beside the repository" >&2; exit 1; }
	@folder=$$("$(PEERS_INSTALL)") && echo "peers: $$folder"

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DPython_EXECUTABLE=$(PYTHON) -DLODE_TESTS=ON -DLODE_PYTHON=ON >/dev/null
	@cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	@$(MAKE) --no-print-directory test-cpp test-python test-stress test-fuzz test-asan test-tsan

test-cpp:
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)

test-python: peers
	PYTHONPATH=python $(PYTHON) -m pytest tests/python -q -p no:cacheprovider

# The engine's tests again under each stress switch (python/lode/_stress.py):
# 1-row morsels, 1 and 4 threads, unoptimized plans, spilling at every batch,
# all hashes colliding.
# `make test` runs this subset; any switch runs the whole suite, e.g.
# LODE_STRESS=threads=1 make test-python. Colliding hashes make the tests
# with 1e5+ groups quadratic, so they are left out there (one of them alone
# took 7 minutes).
STRESS_TESTS := tests/python/exec tests/python/sql/test_sql_suite.py
STRESS_SKIP := not h2o and not background and not past_a_million_rows
COLLISIONS_SKIP := $(STRESS_SKIP) and not high_cardinality and not two_threads and not many_rows_parallel \
	and not partitioned_breakers and not no_slack_for_its_string_keys and not spills_and_matches_pandas \
	and not temp_cap and not join_whose_build and not many_times_the_limit and not block_at_a_time \
	and not a_part_at_a_time
test-stress:
	@for switch in morsel_rows=1 threads=1 threads=4 optimizer_off force_spill; do \
	  echo "LODE_STRESS=$$switch"; \
	  LODE_STRESS=$$switch PYTHONPATH=python $(PYTHON) -m pytest $(STRESS_TESTS) -k "$(STRESS_SKIP)" -q -p no:cacheprovider || exit 1; \
	done
	LODE_STRESS=hash_collisions PYTHONPATH=python $(PYTHON) -m pytest $(STRESS_TESTS) -k "$(COLLISIONS_SKIP)" -q -p no:cacheprovider

# The sanitizer builds optimize less and keep only line tables (-O1 -g1):
# they compile faster, and the reports still name files and lines.
SANITIZER_FLAGS := -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" -DLODE_PYTHON=OFF -DLODE_TESTS=ON

# The C++ tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: deps
	@cmake -S . -B $(BUILD_DIR)-asan $(SANITIZER_FLAGS) -DLODE_SANITIZE=ON >/dev/null
	@cmake --build $(BUILD_DIR)-asan -j $(JOBS) --target lode_tests
	cd $(BUILD_DIR)-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ctest --output-on-failure -j $(JOBS)

# The thread pool's C++ tests, and the scheduler's, executors' and pipelines'
# (by test name), under ThreadSanitizer; only the test program is built.
TSAN_TESTS := ThreadPool|Scheduler|Executor|Pipeline
test-tsan: deps
	@cmake -S . -B $(BUILD_DIR)-tsan $(SANITIZER_FLAGS) -DLODE_TSAN=ON >/dev/null
	@cmake --build $(BUILD_DIR)-tsan -j $(JOBS) --target lode_tests
	cd $(BUILD_DIR)-tsan && TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$(CURDIR)/tests/cpp/tsan_suppressions.txt ctest --output-on-failure --no-tests=error -j $(JOBS) -R '$(TSAN_TESTS)'

# The SQL tokenizer and parser under libFuzzer (clang-19, with ASan and
# UBSan) for FUZZ_SECONDS, seeded with the SQL of tests/sql and TPC-H; a
# crash, sanitizer report or hang fails (its input is left in build-fuzz/).
FUZZ_PACKAGES := clang-19 libclang-rt-19-dev
FUZZ_SECONDS := 60
FUZZ_SOURCES := tests/fuzz/sql_parser_fuzz.cpp src/lode/sql/tokenizer.cpp src/lode/sql/parser.cpp \
	src/lode/sql/statement_parser.cpp src/lode/core/error.cpp
test-fuzz:
	@$(call install_debian,$(FUZZ_PACKAGES))
	@mkdir -p build-fuzz/corpus
	clang++-19 -std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -Isrc \
	  $(FUZZ_SOURCES) -o build-fuzz/sql_parser_fuzz
	@$(PYTHON) tests/fuzz/corpus.py build-fuzz/corpus
	cd build-fuzz && ./sql_parser_fuzz -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 corpus

# The slow tests (more data and cases) that `make test` leaves out.
test-slow: build peers
	PYTHONPATH=python $(PYTHON) -m pytest tests/python -q -p no:cacheprovider -m slow

demo: build
	PYTHONPATH=python $(PYTHON) -m lode.demo

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-asan $(BUILD_DIR)-tsan build-fuzz python/lode/_lode*.so
