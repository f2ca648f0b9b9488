#include "head_command.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "arguments.h"
#include "lode/core/value_text.h"
#include "lode/core/error.h"
#include "lode/exec/executor.h"
#include "lode/io/csv/csv_source.h"
#include "lode/plan/logical_plan.h"

namespace lode::cli {

const char* const kHeadHelp =
    "lode head FILE [-n N] [--separator C]\n"
    "    print the first N (default 10) rows of a CSV file (a glob reads several)\n";

namespace {

constexpr size_t kMaxCellWidth = 40;

std::string format_cell(const Column& column, int64_t row) {
  if (column.is_null(row)) return "null";
  std::string text;
  append_value_text(column, row, text);
  return text;
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
  // A scan of the first N rows: the file is read from its start, and no row past them is converted.
  const auto table = exec::execute(plan::scan(io::open_csv({args[0]}, options), options.n_rows));
  print_table(*table);
  return 0;
}

}  // namespace lode::cli
