#pragma once
// Shredding (Dremel), the inverse of nested_assembly.h: one nested lode
// column becomes one Parquet leaf column per leaf field, each a value (or
// null) per level entry with its repetition and definition levels.
//
// lode writes every level optional, lists in the standard three-level form:
//   optional group tags (LIST) { repeated group list { optional T element; } }
// so a valid value adds 1 to the definition level, a list's repeated group
// another 1, and each list nesting adds 1 to the repetition level.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/column.h"
#include "lode/io/parquet/metadata.h"

namespace lode::io::parquet {

struct ShreddedLeaf {
  std::vector<std::string> path;    // from the top-level column to the leaf
  std::shared_ptr<Column> values;   // one per level entry, null below max_definition
  std::vector<int16_t> repetition, definition;
  int16_t max_repetition = 0, max_definition = 0;
};

/// Returns the leaves of a list or struct column, in schema order.
std::vector<ShreddedLeaf> shred_nested(const Column& column, const std::string& name);

/// Appends the schema elements of a column of `type` (a subtree for nested types).
void append_schema_elements(const std::string& name, const DataType& type, std::vector<SchemaElement>& out);

}  // namespace lode::io::parquet
