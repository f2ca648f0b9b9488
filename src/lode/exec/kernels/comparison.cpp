// Comparison kernels (== != < <= > >=) on operands of one type; the result
// is a bit-packed bool column, null where either side is null.

#include <string_view>

#include "lode/exec/kernels/scalar_functions.h"
#include "lode/exec/kernels/short_text.h"

namespace lode::exec {

namespace {

enum class Compare { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

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

template <Compare kOp, typename T>
void compare_fixed(const Datum& left, const Datum& right, int64_t n, uint8_t* bits) {
  if (left.is_scalar() && right.is_scalar()) {
    const T a = scalar_value<T>(*left.scalar), b = scalar_value<T>(*right.scalar);
    return compare_rows<kOp>(n, [a](int64_t) { return a; }, [b](int64_t) { return b; }, bits);
  }
  if (right.is_scalar()) {
    const T* a = left.column->values<T>();
    const T b = scalar_value<T>(*right.scalar);
    return compare_rows<kOp>(n, [a](int64_t row) { return a[row]; }, [b](int64_t) { return b; }, bits);
  }
  if (left.is_scalar()) {
    const T a = scalar_value<T>(*left.scalar);
    const T* b = right.column->values<T>();
    return compare_rows<kOp>(n, [a](int64_t) { return a; }, [b](int64_t row) { return b[row]; }, bits);
  }
  const T* a = left.column->values<T>();
  const T* b = right.column->values<T>();
  compare_rows<kOp>(n, [a](int64_t row) { return a[row]; }, [b](int64_t row) { return b[row]; }, bits);
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

// A string column == or != a constant of at most 16 bytes (ShortText).
template <Compare kOp>
void compare_short_text(const Column& column, const ShortText& text, int64_t n, uint8_t* bits) {
  const int64_t* offsets = column.string_offsets();
  const char* bytes = column.string_bytes();
  compare_rows<Compare::kEqual>(
      n, [&](int64_t row) { return RowWords(offsets, bytes, row).is(text); },
      [](int64_t) { return kOp == Compare::kEqual; }, bits);
}

template <Compare kOp>
std::shared_ptr<Column> comparison(const KernelCall& call) {
  const int64_t n = call.num_rows;
  const DataType& type = call.expr.args[0]->type;
  auto bits = Buffer::allocate(bitmap::num_bytes(n), true);
  const Datum& left = call.args[0];
  const Datum& right = call.args[1];
  constexpr bool kEquality = kOp == Compare::kEqual || kOp == Compare::kNotEqual;
  const Datum* constant = right.is_scalar() ? &right : left.is_scalar() ? &left : nullptr;
  if (type.id == TypeId::kString && kEquality && constant && !(left.is_scalar() && right.is_scalar()) &&
      constant->scalar->text.size() <= ShortText::kMaxBytes) {
    const Column& column = *(constant == &right ? left : right).column;
    compare_short_text<kOp>(column, ShortText(constant->scalar->text), n, bits->data());
  } else if (type.id == TypeId::kString) {
    compare_rows<kOp>(n, string_getter(left), string_getter(right), bits->data());
  } else if (type.id == TypeId::kBool) {
    compare_rows<kOp>(n, bool_getter(left), bool_getter(right), bits->data());
  } else {
    visit_fixed_width(type, [&]<typename T>() { compare_fixed<kOp, T>(left, right, n, bits->data()); });
  }
  return std::make_shared<Column>(TypeId::kBool, n, bits, intersect_validity({&left, &right}, n));
}

}  // namespace

std::shared_ptr<Column> equal_kernel(const KernelCall& call) { return comparison<Compare::kEqual>(call); }
std::shared_ptr<Column> not_equal_kernel(const KernelCall& call) { return comparison<Compare::kNotEqual>(call); }
std::shared_ptr<Column> less_kernel(const KernelCall& call) { return comparison<Compare::kLess>(call); }
std::shared_ptr<Column> less_equal_kernel(const KernelCall& call) { return comparison<Compare::kLessEqual>(call); }
std::shared_ptr<Column> greater_kernel(const KernelCall& call) { return comparison<Compare::kGreater>(call); }
std::shared_ptr<Column> greater_equal_kernel(const KernelCall& call) {
  return comparison<Compare::kGreaterEqual>(call);
}

}  // namespace lode::exec
