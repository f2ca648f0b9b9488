#include "arguments.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "lode/core/error.h"

namespace lode::cli {

Arguments::Arguments(const std::vector<std::string>& args, const std::vector<std::string>& options,
                     const std::vector<std::string>& flags) {
  auto contains = [](const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (contains(flags, arg)) {
      values_[arg] = "1";
    } else if (contains(options, arg)) {
      if (i + 1 >= args.size()) throw InvalidInputError("option " + arg + " needs a value");
      values_[arg] = args[++i];
    } else {
      std::vector<std::string> known(options);
      known.insert(known.end(), flags.begin(), flags.end());
      std::string suggestion = closest_match(arg, known.data(), known.size());
      throw InvalidInputError("unknown option '" + arg + "'",
                              ErrorContext{.hint = suggestion.empty() ? "see --help"
                                                                      : "did you mean " + suggestion + "?"});
    }
  }
}

std::string Arguments::get(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

std::string Arguments::require(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end()) throw InvalidInputError("missing required option " + name);
  return it->second;
}

int64_t Arguments::get_count(const std::string& name, int64_t fallback) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  char* end = nullptr;
  const double value = std::strtod(it->second.c_str(), &end);
  if (end == it->second.c_str() || *end != '\0' || value < 0 || value != std::floor(value) ||
      value > 9e18)
    throw InvalidInputError("option " + name + " needs a whole number such as 1000000 or 1e6, got '" +
                            it->second + "'");
  return static_cast<int64_t>(value);
}

std::string extension_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return "";
  std::string extension = path.substr(dot + 1);
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

}  // namespace lode::cli
