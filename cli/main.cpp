// The lode command: the SQL shell and scripts, data generation, a look at a
// CSV file. Each subcommand lives in its own file.

#include <cstdio>
#include <string>
#include <vector>

#include "datagen_command.h"
#include "head_command.h"
#include "sql_command.h"
#include "lode/core/error.h"

namespace {

const char* const kHelp =
    "lode - an analytical engine for data that has outgrown pandas\n"
    "\n"
    "usage:\n"
    "  lode                         the interactive SQL shell (also: lode sql)\n"
    "  lode -c SQL | FILE.sql       run SQL and print the results (-csv, -json, ...: lode sql --help)\n"
    "  lode version                 print the version\n"
    "  lode datagen ...             generate the db-benchmark tables (lode datagen --help)\n"
    "  lode head FILE [-n N]        print the first rows of a CSV file\n"
    "  lode --help                  show this help\n";

int run(const std::vector<std::string>& args) {
  if (lode::cli::is_sql_command(args)) return lode::cli::run_sql(args);
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kHelp, stdout);
    std::fputs("\n", stdout);
    std::fputs(lode::cli::kDatagenHelp, stdout);
    std::fputs(lode::cli::kHeadHelp, stdout);
    std::fputs(lode::cli::kSqlHelp, stdout);
    return 0;
  }
  if (command == "version" || command == "--version") {
    std::printf("lode %s\n", LODE_VERSION);
    return 0;
  }
  if (command == "datagen") return lode::cli::run_datagen(rest);
  if (command == "head") return lode::cli::run_head(rest);
  std::fprintf(stderr, "lode: unknown command '%s'\n\n%s", command.c_str(), kHelp);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const lode::Error& error) {
    std::fprintf(stderr, "lode: %s: %s\n", lode::error_kind_name(error.kind()), error.what());
    return 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "lode: unexpected error: %s\n", error.what());
    return 1;
  }
}
