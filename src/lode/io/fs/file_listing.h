#pragma once
// Expands what a user names as input (a file, a glob, a directory) into the
// files a scan reads, in a stable sorted order, with the Hive partition
// values (`year=2023/`) found in each file's path below its root. Runs once,
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

/// Lists the files behind `paths`; a directory is walked recursively,
/// skipping hidden files and ones starting with '_' (_SUCCESS, _metadata).
/// Throws IOError naming a path that matches nothing.
std::vector<DatasetFile> list_dataset_files(const std::vector<std::string>& paths);

}  // namespace lode::io
