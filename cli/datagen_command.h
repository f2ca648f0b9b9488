#pragma once
// `lode datagen groupby|join ...`: writes the db-benchmark tables to files.

#include <string>
#include <vector>

namespace lode::cli {

/// Runs the subcommand; returns the process exit code.
int run_datagen(const std::vector<std::string>& args);

extern const char* const kDatagenHelp;

}  // namespace lode::cli
