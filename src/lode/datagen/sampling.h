#pragma once
// Sampling steps shared by the generators, mirroring the R functions of the
// db-benchmark generators (sample, sample_all, runif, NA placement), and the
// step from generated codes to lode columns.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/column.h"
#include "lode/datagen/random.h"

namespace lode::datagen {

/// Shuffles `values` in place (Fisher-Yates).
void shuffle(std::vector<int32_t>& values, Random& random);

/// Returns `size` values drawn uniformly from 1..cardinality (R's sample(K, N, TRUE)).
std::vector<int32_t> sample_with_replacement(int64_t cardinality, int64_t size, Random& random);

/// Returns every one of `keys` at least once, topped up to `size` by draws
/// with replacement, shuffled (the join generator's sample_all). size >= keys.
std::vector<int32_t> sample_all(const std::vector<int32_t>& keys, int64_t size, Random& random);

/// Returns a bitmap (one bool per row) with exactly `count` of `num_rows` set,
/// chosen uniformly without replacement.
std::vector<bool> choose_rows(int64_t num_rows, int64_t count, Random& random);

/// Returns `size` values round(runif(0, 100), 6).
std::vector<double> uniform_0_100(int64_t size, Random& random);

/// Turns codes into columns; `is_null` (may be empty) marks null rows.
std::shared_ptr<Column> int32_column(const std::vector<int32_t>& codes,
                                     const std::vector<bool>& is_null);
std::shared_ptr<Column> float64_column(const std::vector<double>& values,
                                       const std::vector<bool>& is_null);
/// Builds "<prefix><code>" strings, zero-padded to `digits` digits (0: none).
std::shared_ptr<Column> id_string_column(const std::vector<int32_t>& codes,
                                         const std::vector<bool>& is_null, int digits);

}  // namespace lode::datagen
