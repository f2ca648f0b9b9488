#pragma once
// Expands what a user names as input (a file, a glob, a directory) into the
// files a scan reads, in a stable sorted order, with the Hive partition
// values (`year=2023/`) found in the folders of each file's path. Runs once,
// on the planning thread.

#include <string>
#include <utility>
#include <vector>

namespace lode::io {

struct DatasetFile {
  std::string path;
  /// (key, value) pairs from `key=value` folders, outermost first.
  std::vector<std::pair<std::string, std::string>> partitions;
};

/// Returns the (key, value) pairs of the `key=value` folders in `path` as
/// given, outermost first: all of them, above a glob's first wildcard too,
/// so a file gets the same partition columns however it was named (a
/// folder, a glob or the file itself), as DuckDB reads them.
std::vector<std::pair<std::string, std::string>> partitions_in_path(const std::string& path);

/// Lists the files behind `paths`; a directory is walked recursively,
/// skipping hidden files and ones starting with '_' (_SUCCESS, _metadata).
/// Throws IOError naming a path that matches nothing.
std::vector<DatasetFile> list_dataset_files(const std::vector<std::string>& paths);

}  // namespace lode::io
