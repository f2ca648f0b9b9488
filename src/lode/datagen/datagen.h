#pragma once
// Built-in data generators: the H2O.ai db-benchmark tables (groupby and
// join), with the same columns, cardinalities, key overlaps and null shares
// as that benchmark's R generators (_data/groupby-datagen.R, join-datagen.R).
// Deterministic for a seed; the random values differ from R's.
// Single-threaded; the tables are built once and then read-only.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "lode/core/table.h"

namespace lode::datagen {

struct GroupbyOptions {
  int64_t num_rows = 1000000;
  int64_t k = 100;         // groups in id1, id2, id4, id5; id3 and id6 have num_rows / k
  int null_percent = 0;    // share of nulls in every column, 0..100
  bool sorted = false;     // sort by id1..id6 (nulls first), as setkeyv does
  uint64_t seed = 0;
};

/// Returns the groupby table: id1, id2 ("id001".."id<K>"), id3
/// ("id0000000001".., num_rows / k values), id4, id5 (1..K), id6
/// (1..num_rows/k) int32; v1 (1..5), v2 (1..15) int32; v3 float64 in [0, 100]
/// rounded to 6 decimals.
std::shared_ptr<Table> groupby_table(const GroupbyOptions& options);

/// Returns the join tables "x", "small", "medium", "big" of num_rows,
/// num_rows/1e6, num_rows/1e3 and num_rows rows (each at least 1).
/// Keys id1..id3 are int32, id4..id6 the same keys as "id<number>" strings;
/// x has v1, the others v2 (float64). 90% of each key set is shared by both
/// sides, 10% is only on the left and 10% only on the right. With
/// null_percent > 0, that share of x's distinct keys (and its v1 values)
/// becomes null; R writes such string keys as "idNA", lode as null.
std::map<std::string, std::shared_ptr<Table>> join_tables(int64_t num_rows, int null_percent = 0,
                                                          uint64_t seed = 0);

}  // namespace lode::datagen
