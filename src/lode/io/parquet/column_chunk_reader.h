#pragma once
// Decodes one column chunk (all pages of one column in one row group) into
// one lode column: page headers, decompression, definition levels and the
// value encodings (PLAIN, dictionary, RLE booleans, DELTA_*,
// BYTE_STREAM_SPLIT) for data pages v1 and v2. Every size and count from
// the file is checked before use; bad bytes end in a ParseError naming the
// column (the caller adds file and row group). One call per thread; calls
// for different chunks run in parallel.

#include <cstdint>
#include <memory>
#include <vector>

#include "lode/core/column.h"
#include "lode/io/parquet/column_descriptor.h"
#include "lode/io/parquet/metadata.h"

namespace lode::io::parquet {

/// Decodes the chunk whose bytes (starting at its first page) are
/// [data, data + size_bytes), holding `num_rows` rows.
std::shared_ptr<Column> read_column_chunk(const ColumnDescriptor& column, Codec codec, const uint8_t* data,
                                          int64_t size_bytes, int64_t num_rows);

/// One leaf chunk of a nested column: a value (or null) per level entry,
/// and each entry's repetition and definition levels.
struct LeafEntries {
  std::shared_ptr<Column> values;
  std::vector<int16_t> repetition, definition;
};

/// Decodes a nested column's leaf chunk holding `num_values` level entries.
LeafEntries read_leaf_entries(const ColumnDescriptor& leaf, Codec codec, const uint8_t* data, int64_t size_bytes,
                              int64_t num_values);

/// Decodes only the dictionary page at the front of [data, data + size_bytes)
/// into a column of the dictionary's values; nullptr when the chunk does
/// not start with a dictionary page.
std::shared_ptr<Column> read_dictionary(const ColumnDescriptor& column, Codec codec, const uint8_t* data,
                                        int64_t size_bytes);

}  // namespace lode::io::parquet
