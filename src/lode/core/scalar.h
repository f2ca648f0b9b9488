#pragma once
// A single typed value: a literal in an expression, a constant pushed into a
// scan, an aggregate's result. Exactly one payload member is meaningful,
// chosen by the type's physical kind: signed ints, date32 and timestamps in
// `integer`; unsigned ints in `unsigned_integer`; floats in `real`;
// decimal128 in `decimal`; strings in `text`; bool in `boolean`.

#include <cstdint>
#include <string>

#include "lode/core/data_type.h"
#include "lode/core/decimal.h"

namespace lode {

struct Scalar {
  DataType type;
  bool is_null = false;
  int64_t integer = 0;
  uint64_t unsigned_integer = 0;
  double real = 0;
  Int128 decimal = 0;
  std::string text;
  bool boolean = false;

  static Scalar null(DataType type);
  static Scalar int64(int64_t value);
  static Scalar float64(double value);
  static Scalar string(std::string value);
  static Scalar boolean_value(bool value);

  /// Returns the value as SQL would print it: 42, 1.5, 'text', NULL, DATE '2024-01-31'.
  std::string to_string() const;
  friend bool operator==(const Scalar&, const Scalar&) = default;
};

}  // namespace lode
