#pragma once
// Writes Parquet files. ParquetWriter takes batches as they come (a
// streaming sink) and writes a row group each time `row_group_rows` rows
// have gathered; finish() writes the footer and renames the temporary file
// into place, so an error or an abandoned writer leaves no file behind.
// One thread feeds a writer; with use_thread_pool the columns of a row
// group are encoded in parallel (only from a thread that is not itself a
// pool task).

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/table.h"
#include "lode/io/fs/atomic_file.h"
#include "lode/io/parquet/column_chunk_writer.h"

namespace lode::io {

struct ParquetWriteOptions {
  parquet::Codec codec = parquet::Codec::kSnappy;
  int64_t row_group_rows = 1 << 20;
  /// A row group is also written once its rows hold this many bytes in
  /// memory (Column::data_bytes), so a sink stays inside a memory limit.
  int64_t row_group_bytes = INT64_MAX;
  bool dictionary = true;
  /// Encodes a row group's columns on the global pool. Leave it off when
  /// writing from inside a pool task (a streaming sink), since a task must
  /// not call parallel_for; write_parquet(table) turns it on.
  bool use_thread_pool = false;
};

class ParquetWriter {
 public:
  ParquetWriter(std::string path, Schema schema, ParquetWriteOptions options);

  /// Adds rows; writes full row groups as they gather.
  void write(const Batch& batch);
  /// Writes a whole table, encoding all its row groups' columns in parallel
  /// (holds the encoded table in memory); rows given to write() before come first.
  void write_table(const Table& table);
  /// Writes what is left and the footer, and moves the file into place.
  void finish();

 private:
  void flush_row_group();
  /// Encodes `groups` (each one row group's columns) and writes them in order.
  void write_row_groups(const std::vector<std::vector<std::shared_ptr<Column>>>& groups);
  void write_chunk(parquet::EncodedChunk& chunk, parquet::RowGroup& group);

  AtomicFile file_;
  Schema schema_;
  ParquetWriteOptions options_;
  std::vector<Batch> pending_;
  int64_t pending_bytes_ = 0;
  int64_t pending_rows_ = 0;
  int64_t offset_ = 0;
  parquet::FileMetaData metadata_;
};

/// Writes `table` to `path` (see ParquetWriter).
void write_parquet(const Table& table, const std::string& path, const ParquetWriteOptions& options = {});

}  // namespace lode::io
