#include "head_command.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "arguments.h"
#include "lode/core/calendar.h"
#include "lode/core/decimal.h"
#include "lode/core/error.h"
#include "lode/io/csv/csv_reader.h"

namespace lode::cli {

const char* const kHeadHelp =
    "lode head FILE [-n N] [--separator C]\n"
    "    print the first N (default 10) rows of a CSV file (a glob reads several)\n";

namespace {

constexpr size_t kMaxCellWidth = 40;

std::string two_digits(int64_t value) { return (value < 10 ? "0" : "") + std::to_string(value); }

std::string format_date(int64_t days) {
  const calendar::CivilDate date = calendar::date_from_days(days);
  return std::to_string(date.year) + "-" + two_digits(date.month) + "-" + two_digits(date.day);
}

std::string format_timestamp(int64_t micros) {
  int64_t days, micros_of_day;
  calendar::split_timestamp(micros, days, micros_of_day);
  const int64_t seconds = micros_of_day / calendar::kMicrosPerSecond;
  std::string text = format_date(days) + " " + two_digits(seconds / 3600) + ":" + two_digits(seconds / 60 % 60) +
                     ":" + two_digits(seconds % 60);
  if (const int64_t fraction = micros_of_day % calendar::kMicrosPerSecond; fraction != 0) {
    const std::string digits = std::to_string(fraction);
    text += "." + std::string(6 - digits.size(), '0') + digits;
  }
  return text;
}

std::string format_cell(const Column& column, int64_t row) {
  if (column.is_null(row)) return "null";
  switch (column.type().id) {
    case TypeId::kBool: return column.bool_at(row) ? "true" : "false";
    case TypeId::kInt8: return std::to_string(column.values<int8_t>()[row]);
    case TypeId::kInt16: return std::to_string(column.values<int16_t>()[row]);
    case TypeId::kInt32: return std::to_string(column.values<int32_t>()[row]);
    case TypeId::kInt64: return std::to_string(column.values<int64_t>()[row]);
    case TypeId::kUInt8: return std::to_string(column.values<uint8_t>()[row]);
    case TypeId::kUInt16: return std::to_string(column.values<uint16_t>()[row]);
    case TypeId::kUInt32: return std::to_string(column.values<uint32_t>()[row]);
    case TypeId::kUInt64: return std::to_string(column.values<uint64_t>()[row]);
    case TypeId::kFloat32: return std::to_string(column.values<float>()[row]);
    case TypeId::kFloat64: {
      char text[32];
      std::snprintf(text, sizeof(text), "%.15g", column.values<double>()[row]);
      return text;
    }
    case TypeId::kString: return std::string(column.string_at(row));
    case TypeId::kDate32: return format_date(column.values<int32_t>()[row]);
    case TypeId::kTimestamp: return format_timestamp(column.values<int64_t>()[row]);
    case TypeId::kDecimal128: return format_decimal(column.values<Int128>()[row], column.type().scale);
  }
  return "";
}

// Shortens a cell to the display width and makes line ends visible.
std::string displayed(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '\n') out += "\\n";
    else if (c == '\r') out += "\\r";
    else out += c;
  }
  if (out.size() > kMaxCellWidth) out = out.substr(0, kMaxCellWidth - 3) + "...";
  return out;
}

void print_table(const Table& table) {
  const int num_columns = table.num_columns();
  std::vector<std::vector<std::string>> cells(num_columns);
  std::vector<size_t> widths(num_columns, 0);
  for (int column = 0; column < num_columns; ++column) {
    const auto values = table.column(column);
    cells[column].push_back(displayed(table.schema().field(column).name));
    cells[column].push_back(table.schema().field(column).type.name());
    for (int64_t row = 0; row < table.num_rows(); ++row) cells[column].push_back(displayed(format_cell(*values, row)));
    for (const std::string& cell : cells[column]) widths[column] = std::max(widths[column], cell.size());
  }
  const size_t num_lines = 2 + static_cast<size_t>(table.num_rows());
  for (size_t line = 0; line < num_lines; ++line) {
    std::string text;
    for (int column = 0; column < num_columns; ++column) {
      const std::string& cell = cells[column][line];
      text += (column ? "  " : "") + cell + std::string(widths[column] - cell.size(), ' ');
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    std::printf("%s\n", text.c_str());
  }
}

}  // namespace

int run_head(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help") {
    std::fputs(kHeadHelp, args.empty() ? stderr : stdout);
    return args.empty() ? 2 : 0;
  }
  const Arguments arguments(std::vector<std::string>(args.begin() + 1, args.end()), {"-n", "--separator"}, {});
  io::CsvReadOptions options;
  options.n_rows = arguments.get_count("-n", 10);
  if (options.n_rows < 0) throw InvalidInputError("-n must not be negative");
  if (arguments.has("--separator")) {
    const std::string separator = arguments.get("--separator", ",");
    if (separator.size() != 1) throw InvalidInputError("--separator takes one character");
    options.separator = separator[0];
  }
  const io::CsvReadResult result = io::read_csv({args[0]}, options);
  print_table(*result.table);
  return 0;
}

}  // namespace lode::cli
