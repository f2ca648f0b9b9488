#pragma once
// Encodes one lode column (one row group's rows) as a Parquet column chunk:
// a dictionary page and RLE_DICTIONARY data pages when the distinct values
// fit the dictionary limit, PLAIN pages otherwise; RLE definition levels
// for nullable columns; min/max/null-count statistics; each page compressed.
// Pure function of its inputs: chunks of different columns encode in
// parallel.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/column.h"
#include "lode/io/parquet/metadata.h"

namespace lode::io::parquet {

struct ChunkWriteOptions {
  Codec codec = Codec::kSnappy;
  bool dictionary = true;
  int64_t dictionary_limit_bytes = int64_t(1) << 20;
  int64_t page_limit_bytes = int64_t(1) << 20;
};

/// The encoded pages of a chunk and its metadata, with offsets relative to
/// the chunk's first byte (the writer adds the chunk's position in the file).
struct EncodedChunk {
  std::string bytes;
  ColumnMetaData meta;
};

/// The levels of a nested column's leaf (one per value of the column given
/// to encode_column_chunk); flat columns have none.
struct ChunkLevels {
  const std::vector<int16_t>& repetition;
  const std::vector<int16_t>& definition;
  int16_t max_repetition = 0;
  int16_t max_definition = 0;
};

/// Returns the schema element lode writes for a flat column of `type`.
SchemaElement schema_element_for(const std::string& name, const DataType& type);

/// Encodes `column` as the chunk at `path` in the schema; a nested leaf
/// passes its levels (and then a page never splits a record).
EncodedChunk encode_column_chunk(const Column& column, const std::vector<std::string>& path,
                                 const ChunkWriteOptions& options, const ChunkLevels* levels = nullptr);

}  // namespace lode::io::parquet
