#pragma once
// A schema: the ordered, uniquely named, typed fields of a batch or table.

#include <string>
#include <vector>

#include "lode/core/data_type.h"

namespace lode {

struct Field {
  std::string name;
  DataType type;
  friend bool operator==(const Field&, const Field&) = default;
};

class Schema {
 public:
  Schema() = default;
  /// Throws SchemaError on a duplicate name.
  explicit Schema(std::vector<Field> fields);

  int num_fields() const { return static_cast<int>(fields_.size()); }
  const Field& field(int index) const { return fields_[index]; }
  const std::vector<Field>& fields() const { return fields_; }
  std::vector<std::string> names() const;

  /// Returns the field's index, or -1 when absent.
  int find(const std::string& name) const;
  /// Returns the field's index, or throws SchemaError with a suggestion.
  int index_of(const std::string& name) const;

  /// Returns "name: type" lines, one per field.
  std::string to_string() const;

  friend bool operator==(const Schema&, const Schema&) = default;

 private:
  std::vector<Field> fields_;
};

}  // namespace lode
