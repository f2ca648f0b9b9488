#pragma once
// Gather: a new column of the rows of a column picked by row numbers, in
// any order and with repeats. Sort, filter, join and Parquet's record
// assembly all build their outputs with it.

#include <cstdint>
#include <memory>

#include "lode/core/batch.h"
#include "lode/core/column.h"

namespace lode {

/// Returns the rows of `column` picked by `indices` (-1 gives null). Lists
/// gather their elements and structs their fields, recursively.
std::shared_ptr<Column> take(const Column& column, const int64_t* indices, int64_t count);
std::shared_ptr<Column> take(const Column& column, const int32_t* indices, int64_t count);
/// Returns the rows of every column of `batch` picked by `indices`.
Batch take(const Batch& batch, const int64_t* indices, int64_t count);
Batch take(const Batch& batch, const int32_t* indices, int64_t count);

}  // namespace lode
