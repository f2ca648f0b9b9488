// Comparison kernels (== != < <= > >=) on operands of one type; the result
// is a bit-packed bool column, null where either side is null.

#include <string_view>

#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

enum class Compare { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

Compare compare_of(const std::string& name) {
  if (name == "equal") return Compare::kEqual;
  if (name == "not_equal") return Compare::kNotEqual;
  if (name == "less") return Compare::kLess;
  if (name == "less_equal") return Compare::kLessEqual;
  if (name == "greater") return Compare::kGreater;
  return Compare::kGreaterEqual;
}

// Fills bits for rows [0, n) with compare(get_left(row), get_right(row)).
template <Compare kOp, typename GetLeft, typename GetRight>
void compare_rows(int64_t n, GetLeft get_left, GetRight get_right, uint8_t* bits) {
  auto test = [&](int64_t row) {
    const auto a = get_left(row);
    const auto b = get_right(row);
    if constexpr (kOp == Compare::kEqual) return a == b;
    else if constexpr (kOp == Compare::kNotEqual) return a != b;
    else if constexpr (kOp == Compare::kLess) return a < b;
    else if constexpr (kOp == Compare::kLessEqual) return a <= b;
    else if constexpr (kOp == Compare::kGreater) return a > b;
    else return a >= b;
  };
  int64_t row = 0;
  for (; row + 8 <= n; row += 8) {
    uint8_t byte = 0;
    for (int bit = 0; bit < 8; ++bit) byte |= uint8_t(test(row + bit)) << bit;
    bits[row / 8] = byte;
  }
  for (; row < n; ++row)
    if (test(row)) bitmap::set(bits, row);
}

template <typename GetLeft, typename GetRight>
void compare_with(Compare op, int64_t n, GetLeft left, GetRight right, uint8_t* bits) {
  switch (op) {
    case Compare::kEqual: return compare_rows<Compare::kEqual>(n, left, right, bits);
    case Compare::kNotEqual: return compare_rows<Compare::kNotEqual>(n, left, right, bits);
    case Compare::kLess: return compare_rows<Compare::kLess>(n, left, right, bits);
    case Compare::kLessEqual: return compare_rows<Compare::kLessEqual>(n, left, right, bits);
    case Compare::kGreater: return compare_rows<Compare::kGreater>(n, left, right, bits);
    case Compare::kGreaterEqual: return compare_rows<Compare::kGreaterEqual>(n, left, right, bits);
  }
}

template <typename T>
void compare_fixed(Compare op, const Datum& left, const Datum& right, int64_t n, uint8_t* bits) {
  if (left.is_scalar() && right.is_scalar()) {
    const T a = scalar_value<T>(*left.scalar), b = scalar_value<T>(*right.scalar);
    return compare_with(op, n, [a](int64_t) { return a; }, [b](int64_t) { return b; }, bits);
  }
  if (right.is_scalar()) {
    const T* a = left.column->values<T>();
    const T b = scalar_value<T>(*right.scalar);
    return compare_with(op, n, [a](int64_t row) { return a[row]; }, [b](int64_t) { return b; }, bits);
  }
  if (left.is_scalar()) {
    const T a = scalar_value<T>(*left.scalar);
    const T* b = right.column->values<T>();
    return compare_with(op, n, [a](int64_t) { return a; }, [b](int64_t row) { return b[row]; }, bits);
  }
  const T* a = left.column->values<T>();
  const T* b = right.column->values<T>();
  compare_with(op, n, [a](int64_t row) { return a[row]; }, [b](int64_t row) { return b[row]; }, bits);
}

auto string_getter(const Datum& datum) {
  struct Getter {
    const Column* column;
    std::string_view constant;
    std::string_view operator()(int64_t row) const { return column ? column->string_at(row) : constant; }
  };
  if (datum.is_scalar()) return Getter{nullptr, datum.scalar->text};
  return Getter{datum.column.get(), {}};
}

auto bool_getter(const Datum& datum) {
  struct Getter {
    const Column* column;
    bool constant;
    bool operator()(int64_t row) const { return column ? column->bool_at(row) : constant; }
  };
  if (datum.is_scalar()) return Getter{nullptr, datum.scalar->boolean};
  return Getter{datum.column.get(), false};
}

}  // namespace

std::shared_ptr<Column> comparison_kernel(const KernelCall& call) {
  const int64_t n = call.num_rows;
  const Compare op = compare_of(call.expr.name);
  const DataType& type = call.expr.args[0]->type;
  auto bits = Buffer::allocate(bitmap::num_bytes(n), true);
  const Datum& left = call.args[0];
  const Datum& right = call.args[1];
  if (type.id == TypeId::kString) {
    compare_with(op, n, string_getter(left), string_getter(right), bits->data());
  } else if (type.id == TypeId::kBool) {
    compare_with(op, n, bool_getter(left), bool_getter(right), bits->data());
  } else {
    visit_fixed_width(type, [&]<typename T>() { compare_fixed<T>(op, left, right, n, bits->data()); });
  }
  return std::make_shared<Column>(TypeId::kBool, n, bits, intersect_validity({&left, &right}, n));
}

}  // namespace lode::exec
