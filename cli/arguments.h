#pragma once
// Command-line arguments of one lode subcommand: --name value pairs and
// --flags, with errors that name the option and suggest close spellings.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lode::cli {

class Arguments {
 public:
  /// Parses `args`; `options` take a value, `flags` do not. Throws
  /// InvalidInputError on an unknown name or a missing value.
  Arguments(const std::vector<std::string>& args, const std::vector<std::string>& options,
            const std::vector<std::string>& flags);

  bool has(const std::string& name) const { return values_.count(name) > 0; }
  std::string get(const std::string& name, const std::string& fallback) const;
  std::string require(const std::string& name) const;
  /// Reads an integer, also written as 1e7; throws naming the option.
  int64_t get_count(const std::string& name, int64_t fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

/// Returns the file's extension in lower case, without the dot ("" if none).
std::string extension_of(const std::string& path);

}  // namespace lode::cli
