#pragma once
// Record assembly (Dremel): turns the repetition and definition levels of
// a nested column's leaves back into lode list and struct columns.
//
// Each node of the column's tree has "slots", its values, named by the
// level entry each starts at. A top-level value starts at every entry of
// repetition level 0. A list's elements start at the list's own entry when
// its definition level reaches the element level, and at each later entry
// of the list's repetition level; deeper entries belong to nested lists.
// A struct's fields share the struct's slots; a leaf takes the value of its
// slot's entry. Because a struct's fields may repeat differently, slots are
// computed per leaf by replaying the list steps on the path from the root.

#include <cstdint>
#include <memory>
#include <vector>

#include "lode/core/column.h"
#include "lode/io/parquet/column_chunk_reader.h"
#include "lode/io/parquet/column_descriptor.h"

namespace lode::io::parquet {

/// Assembles `column` from one LeafEntries per leaf (in NestedColumn::leaves
/// order); the top level must have `num_rows` values (ParseError if not, or
/// if the levels contradict each other).
std::shared_ptr<Column> assemble_nested(const NestedColumn& column, const std::vector<LeafEntries>& leaves,
                                        int64_t num_rows);

}  // namespace lode::io::parquet
