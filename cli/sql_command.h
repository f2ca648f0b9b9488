#pragma once
// `lode`, `lode sql ...`, `lode -c SQL`, `lode file.sql`: the SQL shell and
// scripts. The shell is Python (python/lode/shell); this replaces the lode
// process with that Python (execv), so the terminal and Ctrl-C go to it.

#include <string>
#include <vector>

namespace lode::cli {

/// True when the arguments ask for the SQL shell: none, `sql`, `-c`, an
/// output flag (-csv, -json, ...) or a first argument ending in .sql.
bool is_sql_command(const std::vector<std::string>& args);

/// Execs `python -m lode.shell` with the arguments (less a leading `sql`);
/// returns only when that fails, throwing IOError.
int run_sql(const std::vector<std::string>& args);

extern const char* const kSqlHelp;

}  // namespace lode::cli
