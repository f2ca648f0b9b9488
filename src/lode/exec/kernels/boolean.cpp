// Boolean kernels with SQL's three-valued logic: false AND null is false,
// true OR null is true, anything else with a null is null. Work is done a
// byte (8 rows) at a time on bits copied to offset 0.

#include <cstring>

#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

// Value and validity bits of a bool operand, from bit 0; validity all ones
// when the operand has no nulls.
struct BoolBits {
  std::shared_ptr<Buffer> values;
  std::shared_ptr<Buffer> valid;
};

BoolBits bool_bits(const Datum& datum, int64_t n) {
  BoolBits bits;
  const int64_t bytes = bitmap::num_bytes(n);
  bits.valid = Buffer::allocate(bytes);
  if (datum.is_scalar()) {
    bits.values = Buffer::allocate(bytes);
    std::memset(bits.values->data(), datum.scalar->boolean ? 0xff : 0, bytes);
    std::memset(bits.valid->data(), datum.scalar->is_null ? 0 : 0xff, bytes);
    return bits;
  }
  const Column& column = *datum.column;
  bits.values = copy_bits(column.values_buffer()->data(), column.offset(), n);
  if (column.null_count() > 0) bits.valid = copy_bits(column.validity_bits(), column.offset(), n);
  else std::memset(bits.valid->data(), 0xff, bytes);
  return bits;
}

template <typename Combine>
std::shared_ptr<Column> combine_bools(const KernelCall& call, Combine combine) {
  const int64_t n = call.num_rows;
  const int64_t bytes = bitmap::num_bytes(n);
  BoolBits left = bool_bits(call.args[0], n);
  auto values = Buffer::allocate(bytes);
  auto valid = Buffer::allocate(bytes);
  std::memcpy(values->data(), left.values->data(), bytes);
  std::memcpy(valid->data(), left.valid->data(), bytes);
  for (size_t arg = 1; arg < call.args.size(); ++arg) {
    BoolBits right = bool_bits(call.args[arg], n);
    for (int64_t byte = 0; byte < bytes; ++byte)
      combine(values->data()[byte], valid->data()[byte], right.values->data()[byte], right.valid->data()[byte]);
  }
  bool any_null = false;
  for (int64_t row = 0; row < n && !any_null; ++row) any_null = !bitmap::get(valid->data(), row);
  return std::make_shared<Column>(TypeId::kBool, n, values, any_null ? valid : nullptr);
}

}  // namespace

std::shared_ptr<Column> and_kernel(const KernelCall& call) {
  return combine_bools(call, [](uint8_t& value, uint8_t& valid, uint8_t other, uint8_t other_valid) {
    const uint8_t known_false = uint8_t((valid & ~value) | (other_valid & ~other));
    valid = uint8_t((valid & other_valid) | known_false);
    value = uint8_t(value & other & ~known_false);
  });
}

std::shared_ptr<Column> or_kernel(const KernelCall& call) {
  return combine_bools(call, [](uint8_t& value, uint8_t& valid, uint8_t other, uint8_t other_valid) {
    const uint8_t known_true = uint8_t((valid & value) | (other_valid & other));
    valid = uint8_t((valid & other_valid) | known_true);
    value = known_true;
  });
}

std::shared_ptr<Column> xor_kernel(const KernelCall& call) {
  return combine_bools(call, [](uint8_t& value, uint8_t& valid, uint8_t other, uint8_t other_valid) {
    valid = uint8_t(valid & other_valid);
    value = uint8_t(value ^ other);
  });
}

std::shared_ptr<Column> not_kernel(const KernelCall& call) {
  const int64_t n = call.num_rows;
  BoolBits input = bool_bits(call.args[0], n);
  for (int64_t byte = 0; byte < bitmap::num_bytes(n); ++byte) input.values->data()[byte] = ~input.values->data()[byte];
  return std::make_shared<Column>(TypeId::kBool, n, input.values, intersect_validity({&call.args[0]}, n));
}

namespace {

std::shared_ptr<Column> null_test(const KernelCall& call, bool want_null) {
  const int64_t n = call.num_rows;
  const Datum& input = call.args[0];
  auto bits = Buffer::allocate(bitmap::num_bytes(n));
  if (input.is_scalar()) {
    std::memset(bits->data(), input.scalar->is_null == want_null ? 0xff : 0, bitmap::num_bytes(n));
  } else if (input.column->null_count() == 0) {
    std::memset(bits->data(), want_null ? 0 : 0xff, bitmap::num_bytes(n));
  } else {
    bits = copy_bits(input.column->validity_bits(), input.column->offset(), n);
    if (want_null)
      for (int64_t byte = 0; byte < bitmap::num_bytes(n); ++byte) bits->data()[byte] = ~bits->data()[byte];
  }
  return std::make_shared<Column>(TypeId::kBool, n, bits);
}

}  // namespace

std::shared_ptr<Column> is_null_kernel(const KernelCall& call) { return null_test(call, true); }
std::shared_ptr<Column> is_not_null_kernel(const KernelCall& call) { return null_test(call, false); }

}  // namespace lode::exec
