// Kernels that pick values: when/then/otherwise, fill_null/coalesce, is_in,
// greatest/least; and assert_true, which passes a condition or raises.
// The picking ones compute, per row, which argument supplies the value and
// then gather from there, so one code path serves every type.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_set>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"
#include "lode/exec/kernels/short_text.h"

namespace lode::exec {

namespace {

bool is_true(const Datum& condition, int64_t row) {
  if (condition.is_scalar()) return !condition.scalar->is_null && condition.scalar->boolean;
  return condition.column->is_valid(row) && condition.column->bool_at(row);
}

bool is_valid(const Datum& datum, int64_t row) {
  return datum.is_scalar() ? !datum.scalar->is_null : datum.column->is_valid(row);
}

// Builds the result by taking row `row` of argument `sources[row]` (-1: null).
std::shared_ptr<Column> gather_from(const std::vector<Datum>& args, const std::vector<int32_t>& sources,
                                    const DataType& type, int64_t n) {
  ColumnBuilder builder(type);
  builder.reserve(n);
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& arg : args) columns.push_back(arg.is_scalar() ? broadcast(*arg.scalar, 1) : arg.column);
  auto source_row = [&](size_t arg, int64_t row) { return args[arg].is_scalar() ? 0 : row; };
  for (int64_t row = 0; row < n; ++row) {
    const int32_t source = sources[row];
    if (source < 0 || !columns[source]->is_valid(source_row(source, row))) {
      builder.append_null();
      continue;
    }
    const Column& column = *columns[source];
    const int64_t at = source_row(source, row);
    if (type.id == TypeId::kString) builder.append_string(column.string_at(at));
    else if (type.id == TypeId::kBool) builder.append_bool(column.bool_at(at));
    else visit_fixed_width(type, [&]<typename T>() { builder.append<T>(column.values<T>()[at]); });
  }
  return builder.finish();
}

}  // namespace

std::shared_ptr<Column> case_when_kernel(const KernelCall& call) {
  const int64_t n = call.num_rows;
  const size_t otherwise = call.args.size() - 1;
  std::vector<int32_t> sources(n, static_cast<int32_t>(otherwise));
  for (int64_t row = 0; row < n; ++row) {
    for (size_t branch = 0; branch < otherwise; branch += 2) {
      if (is_true(call.args[branch], row)) {
        sources[row] = static_cast<int32_t>(branch + 1);
        break;
      }
    }
  }
  return gather_from(call.args, sources, call.expr.type, n);
}

std::shared_ptr<Column> coalesce_kernel(const KernelCall& call) {
  const int64_t n = call.num_rows;
  if (!call.args[0].is_scalar() && call.args[0].column->null_count() == 0) return call.args[0].column;
  std::vector<int32_t> sources(n, -1);
  for (int64_t row = 0; row < n; ++row) {
    for (size_t arg = 0; arg < call.args.size(); ++arg) {
      if (is_valid(call.args[arg], row)) {
        sources[row] = static_cast<int32_t>(arg);
        break;
      }
    }
  }
  return gather_from(call.args, sources, call.expr.type, n);
}

namespace {

// x IN ('a', 'b', ...) on a string column, a short list of texts of at
// most 16 bytes: every row against every text, without branches on the
// data (random values would mispredict them).
std::shared_ptr<Column> short_text_membership(const KernelCall& call, const Column& input) {
  const int64_t n = call.num_rows;
  std::vector<ShortText> list;
  for (size_t arg = 1; arg < call.args.size(); ++arg)
    if (!call.args[arg].scalar->is_null) list.emplace_back(call.args[arg].scalar->text);
  auto bits = Buffer::allocate(bitmap::num_bytes(n), true);
  const int64_t* offsets = input.string_offsets();
  const char* bytes = input.string_bytes();
  for (int64_t row = 0; row < n; ++row) {
    const RowWords value(offsets, bytes, row);
    bool hit = false;
    for (const ShortText& text : list) hit |= value.is(text);
    bits->data()[row >> 3] |= static_cast<uint8_t>(hit) << (row & 7);
  }
  return std::make_shared<Column>(TypeId::kBool, n, bits, intersect_validity({&call.args[0]}, n));
}

// True when every listed text fits a ShortText.
bool short_texts(const KernelCall& call) {
  for (size_t arg = 1; arg < call.args.size(); ++arg)
    if (call.args[arg].scalar->text.size() > ShortText::kMaxBytes) return false;
  return true;
}

// x IN (a, b, ...) row by row: a short list is searched in order (cheaper
// than hashing each row's value), a long one through a hash set.
template <typename T, typename Get>
std::shared_ptr<Column> membership(const KernelCall& call, Get get) {
  const int64_t n = call.num_rows;
  std::vector<T> list;
  for (size_t arg = 1; arg < call.args.size(); ++arg) {
    const Scalar& value = *call.args[arg].scalar;
    if (value.is_null) continue;
    if constexpr (std::is_same_v<T, std::string_view>) list.push_back(value.text);
    else if constexpr (std::is_same_v<T, bool>) list.push_back(value.boolean);
    else list.push_back(scalar_value<T>(value));
  }
  auto input = as_column(call.args[0], n);
  auto bits = Buffer::allocate(bitmap::num_bytes(n), true);
  auto mark = [&](auto contains) {
    for (int64_t row = 0; row < n; ++row)
      if (!input->is_null(row) && contains(get(*input, row))) bitmap::set(bits->data(), row);
  };
  if (list.size() <= 8) {
    mark([&](const T& value) { return std::find(list.begin(), list.end(), value) != list.end(); });
  } else {
    const std::unordered_set<T> set(list.begin(), list.end());
    mark([&](const T& value) { return set.count(value) > 0; });
  }
  // SQL: x IN (...) is null for a null x.
  return std::make_shared<Column>(TypeId::kBool, n, bits, intersect_validity({&call.args[0]}, n));
}

}  // namespace

std::shared_ptr<Column> is_in_kernel(const KernelCall& call) {
  for (size_t arg = 1; arg < call.args.size(); ++arg)
    if (!call.args[arg].is_scalar()) throw NotSupportedError("is_in takes a list of constant values");
  const DataType& type = call.expr.args[0]->type;
  if (type.id == TypeId::kString) {
    if (!call.args[0].is_scalar() && call.args.size() <= 9 && short_texts(call))
      return short_text_membership(call, *call.args[0].column);
    return membership<std::string_view>(call, [](const Column& c, int64_t row) { return c.string_at(row); });
  }
  if (type.id == TypeId::kBool)
    return membership<bool>(call, [](const Column& c, int64_t row) { return c.bool_at(row); });
  if (type.id == TypeId::kDecimal128)
    throw NotSupportedError("is_in on decimal columns");
  return visit_fixed_width(type, [&]<typename T>() {
    if constexpr (std::is_same_v<T, Int128>) return std::shared_ptr<Column>();
    else return membership<T>(call, [](const Column& c, int64_t row) { return c.values<T>()[row]; });
  });
}

}  // namespace lode::exec

namespace lode::exec {

namespace {

// True where `value` should replace `best`: greater (or less) than it; NaN
// counts as larger than every number, as in DuckDB's sort order.
template <bool kGreatest, typename T>
bool beats(T value, T best) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value) || std::isnan(best)) return kGreatest ? !std::isnan(best) : std::isnan(best) && !std::isnan(value);
  }
  return kGreatest ? best < value : value < best;
}

// Fixed-width types: one pass per argument over the running extreme and its
// validity, skipping nulls.
template <bool kGreatest, typename T>
std::shared_ptr<Column> extreme_of_values(const KernelCall& call) {
  const int64_t n = call.num_rows;
  auto values = Buffer::allocate(n * static_cast<int64_t>(sizeof(T)), true);
  T* best = values->data_as<T>();
  std::vector<uint8_t> seen(n, 0);
  for (const Datum& arg : call.args) {
    if (arg.is_scalar()) {
      if (arg.scalar->is_null) continue;
      const T value = scalar_value<T>(*arg.scalar);
      for (int64_t row = 0; row < n; ++row) {
        const bool take = !seen[row] || beats<kGreatest>(value, best[row]);
        best[row] = take ? value : best[row];
        seen[row] = 1;
      }
      continue;
    }
    const Column& column = *arg.column;
    const T* in = column.values<T>();
    const bool has_nulls = column.null_count() > 0;
    for (int64_t row = 0; row < n; ++row) {
      const bool valid = !has_nulls || column.is_valid(row);
      const bool take = valid && (!seen[row] || beats<kGreatest>(in[row], best[row]));
      best[row] = take ? in[row] : best[row];
      seen[row] |= valid;
    }
  }
  return std::make_shared<Column>(call.expr.type, n, values, pack_bits(seen.data(), n));
}

// Strings and booleans: which argument holds each row's extreme, then a gather.
template <bool kGreatest>
std::shared_ptr<Column> extreme_by_source(const KernelCall& call) {
  const int64_t n = call.num_rows;
  const bool is_string = call.expr.type.id == TypeId::kString;
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& arg : call.args) columns.push_back(as_column(arg, n));
  std::vector<int32_t> sources(n, -1);
  for (size_t arg = 0; arg < columns.size(); ++arg) {
    const Column& column = *columns[arg];
    for (int64_t row = 0; row < n; ++row) {
      if (column.is_null(row)) continue;
      const int32_t source = sources[row];
      bool take = source < 0;
      if (!take && is_string) take = beats<kGreatest>(column.string_at(row), columns[source]->string_at(row));
      else if (!take) take = beats<kGreatest>(column.bool_at(row), columns[source]->bool_at(row));
      if (take) sources[row] = static_cast<int32_t>(arg);
    }
  }
  std::vector<Datum> gathered;
  for (auto& column : columns) gathered.push_back({column, nullptr});
  return gather_from(gathered, sources, call.expr.type, n);
}

template <bool kGreatest>
std::shared_ptr<Column> extreme(const KernelCall& call) {
  const DataType& type = call.expr.type;
  if (type.id == TypeId::kString || type.id == TypeId::kBool) return extreme_by_source<kGreatest>(call);
  return visit_fixed_width(type, [&]<typename T>() { return extreme_of_values<kGreatest, T>(call); });
}

}  // namespace

std::shared_ptr<Column> greatest_kernel(const KernelCall& call) { return extreme<true>(call); }
std::shared_ptr<Column> least_kernel(const KernelCall& call) { return extreme<false>(call); }

std::shared_ptr<Column> assert_true_kernel(const KernelCall& call) {
  auto condition = as_column(call.args[0], call.num_rows);
  for (int64_t row = 0; row < condition->length(); ++row)
    if (condition->is_valid(row) && !condition->bool_at(row)) {
      const Datum& message = call.args[1];
      throw InvalidInputError(message.is_scalar() ? message.scalar->text : std::string(as_column(message, call.num_rows)->string_at(row)));
    }
  return condition;
}

}  // namespace lode::exec
