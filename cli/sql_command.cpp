#include "sql_command.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "arguments.h"
#include "lode/core/error.h"

namespace lode::cli {

const char* const kSqlHelp =
    "lode [sql] [-c SQL] [-box|-csv|-json|-markdown|-line] [FILE.sql ...]\n"
    "    the SQL shell, or run SQL scripts (lode sql --help)\n";

namespace {

// The options of python/lode/shell/__main__.py that choose the output mode.
const char* const kOutputFlags[] = {"-box",  "-csv",  "-json",  "-markdown",  "-line", "-m",
                                    "--box", "--csv", "--json", "--markdown", "--line", "--mode"};

// Puts the source tree's python/ folder first on PYTHONPATH, so that the
// interpreter finds this build's lode package.
void prepend_python_path() {
  std::string path = LODE_PYTHON_PATH;
  const char* existing = std::getenv("PYTHONPATH");
  if (existing != nullptr && *existing != '\0') path += std::string(":") + existing;
  setenv("PYTHONPATH", path.c_str(), 1);
}

}  // namespace

bool is_sql_command(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "sql" || args[0] == "-c") return true;
  for (const char* flag : kOutputFlags) {
    if (args[0] == flag) return true;
  }
  return extension_of(args[0]) == "sql";
}

int run_sql(const std::vector<std::string>& args) {
  const bool drop_first = !args.empty() && args[0] == "sql";
  std::vector<std::string> command = {LODE_PYTHON_EXECUTABLE, "-m", "lode.shell"};
  command.insert(command.end(), args.begin() + (drop_first ? 1 : 0), args.end());
  std::vector<char*> argv;
  for (std::string& word : command) argv.push_back(word.data());
  argv.push_back(nullptr);
  prepend_python_path();
  execv(argv[0], argv.data());
  throw IOError(std::string("cannot run the SQL shell's Python, ") + LODE_PYTHON_EXECUTABLE + ": " +
                std::strerror(errno));
}

}  // namespace lode::cli
