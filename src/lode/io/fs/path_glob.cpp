#include "lode/io/fs/path_glob.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "lode/core/error.h"

namespace lode::io {

namespace {

bool is_pattern(const std::string& path) { return path.find_first_of("*?[") != std::string::npos; }

std::vector<std::string> expand_recursive(const std::string& pattern) {
  // "a/**/b*.csv": walk a/ and match the rest against each file's name.
  const size_t star = pattern.find("**");
  const std::string root = star == 0 ? "." : pattern.substr(0, star);
  const std::string rest = pattern.substr(star + 2);
  const std::string name_pattern = rest.empty() || rest == "/" ? "*" : rest.substr(rest.rfind('/') + 1);
  std::vector<std::string> matches;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(root, error);
       !error && it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file()) continue;
    const std::string name = it->path().filename().string();
    glob_t result{};
    // Match the file name alone by globbing it inside its directory.
    const std::string candidate = it->path().parent_path().string() + "/" + name_pattern;
    if (::glob(candidate.c_str(), 0, nullptr, &result) == 0) {
      for (size_t i = 0; i < result.gl_pathc; ++i)
        if (std::filesystem::path(result.gl_pathv[i]).filename() == name) matches.push_back(it->path().string());
    }
    ::globfree(&result);
  }
  return matches;
}

std::vector<std::string> expand_one(const std::string& pattern) {
  if (pattern.find("**") != std::string::npos) return expand_recursive(pattern);
  glob_t result{};
  std::vector<std::string> matches;
  if (::glob(pattern.c_str(), 0, nullptr, &result) == 0) {
    for (size_t i = 0; i < result.gl_pathc; ++i)
      if (std::filesystem::is_regular_file(result.gl_pathv[i])) matches.emplace_back(result.gl_pathv[i]);
  }
  ::globfree(&result);
  return matches;
}

}  // namespace

std::vector<std::string> expand_paths(const std::vector<std::string>& patterns) {
  if (patterns.empty()) throw InvalidInputError("no path given");
  std::vector<std::string> paths;
  for (const std::string& pattern : patterns) {
    ErrorContext context;
    context.path = pattern;
    if (!is_pattern(pattern) || std::filesystem::is_regular_file(pattern)) {
      if (!std::filesystem::exists(pattern)) throw IOError("no such file '" + pattern + "'", context);
      paths.push_back(pattern);
      continue;
    }
    std::vector<std::string> matches = expand_one(pattern);
    if (matches.empty()) {
      context.hint = "check the pattern; globs are expanded by lode, relative to the working directory";
      throw IOError("no file matches '" + pattern + "'", context);
    }
    std::sort(matches.begin(), matches.end());
    paths.insert(paths.end(), matches.begin(), matches.end());
  }
  return paths;
}

}  // namespace lode::io
