#include "datagen_command.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "arguments.h"
#include "lode/core/error.h"
#include "lode/datagen/datagen.h"
#include "lode/io/csv/csv_writer.h"
#include "lode/io/parquet/parquet_writer.h"

namespace lode::cli {

const char* const kDatagenHelp =
    "lode datagen groupby --rows N [--k K] [--nas PERCENT] [--sort] [--seed S] --out FILE\n"
    "    the db-benchmark groupby table (id1..id6, v1..v3); FILE's extension picks the format\n"
    "lode datagen join --rows N [--nas PERCENT] [--seed S] [--format csv|parquet] --out DIR\n"
    "    the db-benchmark join tables, written as DIR/x.csv, small.csv, medium.csv, big.csv\n";

namespace {

// Checks that lode can write `path`'s format, before any work is done.
void check_output_format(const std::string& path) {
  const std::string extension = extension_of(path);
  if (extension == "csv" || extension == "parquet") return;
  throw InvalidInputError("cannot tell the output format from the file name",
                          ErrorContext{.path = path, .hint = "end the name with .csv or .parquet"});
}

void write_table(const Table& table, const std::string& path) {
  check_output_format(path);
  if (extension_of(path) == "parquet") {
    io::ParquetWriteOptions options;
    options.use_thread_pool = true;
    io::write_parquet(table, path, options);
  } else {
    io::write_csv(table, path);
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

int run_groupby(const std::vector<std::string>& args) {
  Arguments arguments(args, {"--rows", "--k", "--nas", "--seed", "--out"}, {"--sort"});
  datagen::GroupbyOptions options;
  options.num_rows = arguments.get_count("--rows", options.num_rows);
  options.k = arguments.get_count("--k", options.k);
  options.null_percent = static_cast<int>(arguments.get_count("--nas", 0));
  options.sorted = arguments.has("--sort");
  options.seed = static_cast<uint64_t>(arguments.get_count("--seed", 0));
  const std::string path = arguments.require("--out");
  check_output_format(path);
  auto start = std::chrono::steady_clock::now();
  auto table = datagen::groupby_table(options);
  const double generate_seconds = seconds_since(start);
  start = std::chrono::steady_clock::now();
  write_table(*table, path);
  std::printf("wrote %lld rows to %s (generated in %.2f s, written in %.2f s)\n",
              static_cast<long long>(table->num_rows()), path.c_str(), generate_seconds,
              seconds_since(start));
  return 0;
}

int run_join(const std::vector<std::string>& args) {
  Arguments arguments(args, {"--rows", "--nas", "--seed", "--out", "--format"}, {});
  const int64_t rows = arguments.get_count("--rows", 1000000);
  const int nas = static_cast<int>(arguments.get_count("--nas", 0));
  const uint64_t seed = static_cast<uint64_t>(arguments.get_count("--seed", 0));
  const std::string directory = arguments.require("--out");
  std::error_code error;
  std::filesystem::create_directories(directory, error);
  if (error) throw IOError("cannot create the output folder: " + error.message(), ErrorContext{.path = directory});
  for (const auto& [name, table] : datagen::join_tables(rows, nas, seed)) {
    const std::string path = directory + "/" + name + "." + arguments.get("--format", "csv");
    write_table(*table, path);
    std::printf("wrote %lld rows to %s\n", static_cast<long long>(table->num_rows()), path.c_str());
  }
  return 0;
}

}  // namespace

int run_datagen(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    std::fputs(kDatagenHelp, stdout);
    return args.empty() ? 2 : 0;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "groupby") return run_groupby(rest);
  if (args[0] == "join") return run_join(rest);
  throw InvalidInputError("unknown data set '" + args[0] + "'", ErrorContext{.hint = "use groupby or join"});
}

}  // namespace lode::cli
