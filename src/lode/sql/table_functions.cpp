#include "lode/sql/table_functions.h"

#include <algorithm>

#include "lode/core/error.h"
#include "lode/io/csv/csv_source.h"
#include "lode/io/parquet/parquet_source.h"
#include "lode/sql/tokenizer.h"

namespace lode::sql {

namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Strips a compression suffix, so 'x.csv.gz' reads as CSV.
std::string format_extension(const std::string& path) {
  std::string name = ascii_lower(path);
  for (const char* suffix : {".gz", ".zst", ".zstd", ".bz2", ".lz4"})
    if (ends_with(name, suffix)) name.resize(name.size() - std::string(suffix).size());
  const size_t dot = name.rfind('.');
  const size_t slash = name.find_last_of('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  return name.substr(dot + 1);
}

plan::PlanPtr read_parquet(const std::string& path, bool hive_partitioning) {
  return plan::scan(io::open_parquet({path}, io::ParquetOptions{.hive_partitioning = hive_partitioning}));
}

plan::PlanPtr read_csv(const std::string& path, const io::CsvReadOptions& options) {
  return plan::scan(io::open_csv({path}, options));
}

const std::string& text_argument(const TableArgument& argument, const std::string& function) {
  if (argument.value.type.id != TypeId::kString || argument.value.is_null)
    throw InvalidInputError(function + "(): the argument " + (argument.name.empty() ? "path" : argument.name) +
                            " must be a string");
  return argument.value.text;
}

bool bool_argument(const TableArgument& argument, const std::string& function) {
  if (argument.value.type.id != TypeId::kBool || argument.value.is_null)
    throw InvalidInputError(function + "(): " + argument.name + " must be true or false");
  return argument.value.boolean;
}

[[noreturn]] void unknown_argument(const std::string& function, const std::string& name,
                                   const std::vector<std::string>& known) {
  const std::string suggestion = closest_match(name, known.data(), known.size());
  std::string list;
  for (const auto& option : known) list += (list.empty() ? "" : ", ") + option;
  throw InvalidInputError(function + "() has no argument '" + name + "'" +
                              (suggestion.empty() ? "" : "; did you mean '" + suggestion + "'?"),
                          ErrorContext{.hint = "its arguments: " + list});
}

}  // namespace

plan::PlanPtr scan_file(const std::string& path) {
  const std::string extension = format_extension(path);
  if (extension == "parquet" || extension == "parq") return read_parquet(path, true);
  if (extension == "csv" || extension == "tsv" || extension == "txt") return read_csv(path, {});
  throw InvalidInputError("cannot tell the format of '" + path + "' from its extension",
                          ErrorContext{.hint = "use read_parquet('...') or read_csv('...')"});
}

bool is_table_function(const std::string& name) {
  const std::string key = ascii_lower(name);
  return key == "read_parquet" || key == "parquet_scan" || key == "read_csv" || key == "read_csv_auto";
}

plan::PlanPtr call_table_function(const std::string& name, const std::vector<TableArgument>& arguments) {
  const std::string key = ascii_lower(name);
  if (arguments.empty() || !arguments[0].name.empty())
    throw InvalidInputError(key + "() needs the path first, as in " + key + "('data/*.parquet')");
  const std::string& path = text_argument(arguments[0], key);
  if (key == "read_parquet" || key == "parquet_scan") {
    bool hive = true;
    for (size_t i = 1; i < arguments.size(); ++i) {
      if (ascii_lower(arguments[i].name) != "hive_partitioning") unknown_argument(key, arguments[i].name, {"hive_partitioning"});
      hive = bool_argument(arguments[i], key);
    }
    return read_parquet(path, hive);
  }
  io::CsvReadOptions options;
  for (size_t i = 1; i < arguments.size(); ++i) {
    const std::string option = ascii_lower(arguments[i].name);
    if (option == "header") {
      options.has_header = bool_argument(arguments[i], key);
    } else if (option == "delim" || option == "sep" || option == "delimiter") {
      const std::string& separator = text_argument(arguments[i], key);
      if (separator.size() != 1) throw InvalidInputError(key + "(): " + option + " must be one character");
      options.separator = separator[0];
    } else if (option == "skip") {
      if (!arguments[i].value.type.is_integer() || arguments[i].value.integer < 0)
        throw InvalidInputError(key + "(): skip must be a non-negative integer");
      options.skip_rows = arguments[i].value.integer;
    } else if (option == "hive_partitioning") {
      options.hive_partitioning = bool_argument(arguments[i], key);
    } else {
      unknown_argument(key, arguments[i].name, {"header", "delim", "sep", "skip", "hive_partitioning"});
    }
  }
  return read_csv(path, options);
}

}  // namespace lode::sql
