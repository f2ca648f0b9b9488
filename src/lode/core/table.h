#pragma once
// A table: a schema and the batches that hold its rows, in order. This is
// what a DataFrame holds and what an in-memory scan reads; a batch may be
// large, since scans cut morsels out of it by zero-copy slicing.

#include <memory>
#include <vector>

#include "lode/core/batch.h"
#include "lode/core/schema.h"

namespace lode {

class Table {
 public:
  Table() = default;
  /// Checks every batch against the schema (InternalError otherwise).
  Table(Schema schema, std::vector<Batch> batches);
  /// Builds a one-batch table from named columns of equal length.
  static std::shared_ptr<Table> from_columns(const std::vector<std::string>& names,
                                             std::vector<std::shared_ptr<Column>> columns);

  const Schema& schema() const { return schema_; }
  const std::vector<Batch>& batches() const { return batches_; }
  int64_t num_rows() const { return num_rows_; }
  int num_columns() const { return schema_.num_fields(); }

  /// Returns column `index` as one contiguous column (copies only when the
  /// table has several batches).
  std::shared_ptr<Column> column(int index) const;

  /// Returns rows [offset, offset + length), clamped to the table; no copy.
  std::shared_ptr<Table> slice(int64_t offset, int64_t length) const;

  /// Returns the named columns, in the order given (SchemaError if unknown).
  std::shared_ptr<Table> select(const std::vector<std::string>& names) const;

  /// Returns the same rows in exactly one batch (of empty columns if no rows).
  std::shared_ptr<Table> combine_batches() const;

  int64_t memory_bytes() const;

 private:
  Schema schema_;
  std::vector<Batch> batches_;
  int64_t num_rows_ = 0;
};

}  // namespace lode
