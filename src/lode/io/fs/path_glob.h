#pragma once
// Expands the paths a reader is given: a file, a glob ("data/*.csv",
// "logs/**/*.csv"), or a list of either, into existing files in sorted
// order. Runs once on the planning thread.

#include <string>
#include <vector>

namespace lode::io {

/// Returns the files `patterns` name, each glob's matches sorted; throws
/// IOError when a plain path does not exist or a glob matches nothing.
std::vector<std::string> expand_paths(const std::vector<std::string>& patterns);

}  // namespace lode::io
