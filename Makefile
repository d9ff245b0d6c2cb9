# A thin driver over CMake so the README's two commands stay short.
#   make run    build and serve the demo site on http://127.0.0.1:8080
#   make test   the format check, a warnings-as-errors build + every test,
#               then the same under ASan/UBSan, then a time-boxed libFuzzer
#               run of every target
#   make format rewrite the C sources with the committed .clang-format
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 20

C_FILES = $(shell git ls-files '*.c' '*.h' 2>/dev/null || find src include tests bench tools -name '*.[ch]')

.PHONY: all build run test test-release test-asan test-fuzz format format-check clean

all: build

build:
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build build -j$(JOBS)

run: build
	./build/gazette serve --listen 127.0.0.1:8080 --db gazette.db

test: format-check test-release test-asan test-fuzz

format:
	clang-format -i $(C_FILES)

# Fails, naming the files, when any C file differs from clang-format's output.
format-check:
	@bad=""; for f in $(C_FILES); do clang-format "$$f" | cmp -s - "$$f" || bad="$$bad $$f"; done; \
	if [ -n "$$bad" ]; then echo "not clang-formatted (make format):$$bad"; exit 1; fi; \
	echo "format: all C files as clang-format writes them"

test-release:
	cmake -S . -B build-ci -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGAZETTE_WERROR=ON -DGAZETTE_TEST_HOOKS=ON
	cmake --build build-ci -j$(JOBS)
	cd build-ci && ctest --output-on-failure

test-asan:
	cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DGAZETTE_WERROR=ON -DGAZETTE_SANITIZE=ON -DGAZETTE_TEST_HOOKS=ON
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure

test-fuzz:
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DGAZETTE_FUZZ=ON -DGAZETTE_TEST_HOOKS=ON
	cmake --build build-fuzz -j$(JOBS)
	sh tests/fuzz/run.sh build-fuzz $(FUZZ_SECONDS)

clean:
	rm -rf build build-ci build-asan build-fuzz
