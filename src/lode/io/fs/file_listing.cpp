#include "lode/io/fs/file_listing.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "lode/core/error.h"

namespace lode::io {

namespace {

namespace fs = std::filesystem;

bool is_glob(const std::string& path) { return path.find_first_of("*?[") != std::string::npos; }

bool is_hidden(const fs::path& path) {
  const std::string name = path.filename().string();
  return name.empty() || name[0] == '.' || name[0] == '_';
}

void add_directory(const std::string& directory, std::vector<DatasetFile>& files) {
  std::vector<fs::path> found;
  std::error_code error;
  for (fs::recursive_directory_iterator it(directory, error), end; !error && it != end; it.increment(error)) {
    if (is_hidden(it->path())) {
      if (it->is_directory()) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file()) found.push_back(it->path());
  }
  if (error) throw IOError("cannot list the folder: " + error.message(), ErrorContext{.path = directory});
  std::sort(found.begin(), found.end());
  for (const auto& path : found) files.push_back(DatasetFile{path.string(), partitions_in_path(path.string())});
}

void add_glob(const std::string& pattern, std::vector<DatasetFile>& files) {
  glob_t matches{};
  const int status = glob(pattern.c_str(), 0, nullptr, &matches);
  std::vector<std::string> found;
  if (status == 0)
    for (size_t i = 0; i < matches.gl_pathc; ++i) found.emplace_back(matches.gl_pathv[i]);
  globfree(&matches);
  std::sort(found.begin(), found.end());
  for (const auto& path : found) {
    if (fs::is_directory(path)) add_directory(path, files);
    else files.push_back(DatasetFile{path, partitions_in_path(path)});
  }
}

}  // namespace

std::vector<std::pair<std::string, std::string>> partitions_in_path(const std::string& path) {
  std::vector<std::pair<std::string, std::string>> partitions;
  const fs::path folder = fs::path(path).lexically_normal().parent_path();
  for (const fs::path& part : folder) {
    const std::string text = part.string();
    const size_t equals = text.find('=');
    if (equals != std::string::npos && equals > 0) partitions.emplace_back(text.substr(0, equals), text.substr(equals + 1));
  }
  return partitions;
}

std::vector<DatasetFile> list_dataset_files(const std::vector<std::string>& paths) {
  std::vector<DatasetFile> files;
  for (const auto& path : paths) {
    const size_t before = files.size();
    if (is_glob(path) && !fs::exists(path)) add_glob(path, files);
    else if (fs::is_directory(path)) add_directory(path, files);
    else if (fs::exists(path)) files.push_back(DatasetFile{path, partitions_in_path(path)});
    if (files.size() == before)
      throw IOError(fs::is_directory(path) ? "the folder holds no files" : "no file matches the path",
                    ErrorContext{.path = path, .hint = "check the path and the working directory"});
  }
  return files;
}

}  // namespace lode::io
