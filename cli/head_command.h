#pragma once
// `lode head FILE [-n N]`: prints the first rows of a CSV file as an aligned
// table under its column names and sniffed types.

#include <string>
#include <vector>

namespace lode::cli {

/// Runs the subcommand; returns the process exit code.
int run_head(const std::vector<std::string>& args);

extern const char* const kHeadHelp;

}  // namespace lode::cli
