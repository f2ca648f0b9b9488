#include "lode/core/schema.h"

#include "lode/core/error.h"

namespace lode {

Schema::Schema(std::vector<Field> fields) : fields_(std::move(fields)) {
  for (size_t i = 0; i < fields_.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (fields_[i].name == fields_[j].name)
        throw SchemaError("duplicate column name '" + fields_[i].name + "'",
                          ErrorContext{.column = fields_[i].name,
                                       .hint = "give every column a distinct name"});
}

std::vector<std::string> Schema::names() const {
  std::vector<std::string> names;
  names.reserve(fields_.size());
  for (const auto& field : fields_) names.push_back(field.name);
  return names;
}

int Schema::find(const std::string& name) const {
  for (size_t i = 0; i < fields_.size(); ++i)
    if (fields_[i].name == name) return static_cast<int>(i);
  return -1;
}

int Schema::index_of(const std::string& name) const {
  int index = find(name);
  if (index >= 0) return index;
  std::vector<std::string> all = names();
  std::string suggestion = closest_match(name, all.data(), all.size());
  std::string listed;
  for (const auto& candidate : all) listed += (listed.empty() ? "" : ", ") + candidate;
  throw SchemaError("unknown column '" + name + "'",
                    ErrorContext{.column = name,
                                 .hint = suggestion.empty()
                                             ? "the columns are: " + listed
                                             : "did you mean '" + suggestion + "'? The columns are: " + listed});
}

std::string Schema::to_string() const {
  std::string text;
  for (const auto& field : fields_) text += field.name + ": " + field.type.name() + "\n";
  return text;
}

}  // namespace lode
