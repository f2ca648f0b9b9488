#pragma once
// The one partitioning of hashed state: a row or group goes to the partition
// named by the top `bits` bits of its 64-bit hash (hashing.h mixes every
// bit). The hash aggregate, the join build, distinct and windows
// (operators/materialize.h), and later spill files and MPI ranks (rank =
// partition mod ranks) all use it, so a partition means the same keys
// everywhere.

#include <cstdint>

namespace lode::exec {

struct RadixPartitioning {
  /// The bits stateful operators partition by from their first batch.
  static constexpr int kDefaultBits = 5;

  explicit RadixPartitioning(int bits = kDefaultBits) : bits(bits) {}

  int count() const { return 1 << bits; }
  int of(uint64_t hash) const { return bits == 0 ? 0 : static_cast<int>(hash >> (64 - bits)); }

  int bits;
};

}  // namespace lode::exec
