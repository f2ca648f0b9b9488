// libFuzzer target: the SQL tokenizer and parser, on arbitrary bytes read
// as a script of statements. Any input must either parse or raise a
// lode::Error (SyntaxError, NotSupportedError); a crash, a sanitizer
// report, a hang or a stack overflow is a bug. Built and run by `make test-fuzz` (clang-19), seeded
// with the SQL of tests/sql and the TPC-H queries (corpus.py).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "lode/core/error.h"
#include "lode/sql/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    lode::sql::parse_statements(text);
  } catch (const lode::Error&) {
    // A clear error is a fine answer to bad input.
  }
  return 0;
}
