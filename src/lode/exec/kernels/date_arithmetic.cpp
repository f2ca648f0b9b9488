// Calendar arithmetic on date32 and timestamp columns. add_interval adds an
// interval as SQL defines it, in three parts applied in order: calendar
// months (the day clamped to the new month's last day), then days, then
// microseconds. Each part may be a constant or a column.

#include <limits>
#include <string>

#include "lode/core/bitmap.h"
#include "lode/core/calendar.h"
#include "lode/core/error.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {

namespace {

// An int64 argument that is either one constant or a column of values.
struct Count {
  const int64_t* values = nullptr;
  int64_t constant = 0;

  int64_t at(int64_t row) const { return values ? values[row] : constant; }
};

Count count_argument(const Datum& datum) {
  if (datum.is_scalar()) return {nullptr, datum.scalar->is_null ? 0 : datum.scalar->integer};
  return {datum.column->values<int64_t>(), 0};
}

bool is_valid(const Buffer* validity, int64_t row) { return validity == nullptr || bitmap::get(validity->data(), row); }

[[noreturn]] void fail_out_of_range(const DataType& type, int64_t row) {
  throw InvalidInputError("add_interval: the result of row " + std::to_string(row) + " is outside the " + type.name() +
                          " range");
}

}  // namespace

std::shared_ptr<Column> add_interval_kernel(const KernelCall& call) {
  const int64_t n = call.num_rows;
  const auto input = as_column(call.args[0], n);
  const Count months = count_argument(call.args[1]);
  const Count days = count_argument(call.args[2]);
  const Count micros = count_argument(call.args[3]);
  auto validity = intersect_validity({&call.args[0], &call.args[1], &call.args[2], &call.args[3]}, n);
  const Buffer* valid = validity.get();
  if (input->type().id == TypeId::kDate32) {
    auto values = Buffer::allocate(n * 4);
    int32_t* out = values->data_as<int32_t>();
    const int32_t* in = input->values<int32_t>();
    for (int64_t row = 0; row < n; ++row) {
      // Whole days only: a date plus 36 hours is the next day.
      const int64_t whole_days = micros.at(row) / calendar::kMicrosPerDay -
                                 (micros.at(row) % calendar::kMicrosPerDay < 0 ? 1 : 0);
      const int64_t result = calendar::add_months(in[row], months.at(row)) + days.at(row) + whole_days;
      if (result < std::numeric_limits<int32_t>::min() || result > std::numeric_limits<int32_t>::max()) {
        if (is_valid(valid, row)) fail_out_of_range(input->type(), row);
      }
      out[row] = static_cast<int32_t>(result);
    }
    return std::make_shared<Column>(call.expr.type, n, values, validity);
  }
  auto values = Buffer::allocate(n * 8);
  int64_t* out = values->data_as<int64_t>();
  const int64_t* in = input->values<int64_t>();
  for (int64_t row = 0; row < n; ++row) {
    int64_t day = 0, micros_of_day = 0;
    calendar::split_timestamp(in[row], day, micros_of_day);
    day = calendar::add_months(day, months.at(row)) + days.at(row);
    int64_t result = 0;
    if ((__builtin_mul_overflow(day, calendar::kMicrosPerDay, &result) ||
         __builtin_add_overflow(result, micros_of_day, &result) || __builtin_add_overflow(result, micros.at(row), &result)) &&
        is_valid(valid, row))
      fail_out_of_range(input->type(), row);
    out[row] = result;
  }
  return std::make_shared<Column>(call.expr.type, n, values, validity);
}

}  // namespace lode::exec
