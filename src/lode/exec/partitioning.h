#pragma once
// The one partitioning of hashed state: a row or group goes to the partition
// named by the top `bits` bits of its 64-bit hash (hashing.h mixes every
// bit). The hash aggregate, the join build, distinct and windows
// (operators/materialize.h), and later spill files and MPI ranks (rank =
// partition mod ranks) all use it, so a partition means the same keys
// everywhere. A spilled partition still too large for memory is split again
// by the next `bits` bits (its level's): recursive repartitioning.

#include <cstdint>

namespace lode::exec {

struct RadixPartitioning {
  /// The bits stateful operators partition by from their first batch.
  static constexpr int kDefaultBits = 5;

  explicit RadixPartitioning(int bits = kDefaultBits, int level = 0) : bits(bits), level(level) {}

  int count() const { return 1 << bits; }
  int of(uint64_t hash) const {
    return bits == 0 ? 0 : static_cast<int>((hash << (level * bits)) >> (64 - bits));
  }
  /// The partitioning of the rows of one partition of this one.
  RadixPartitioning deeper() const { return RadixPartitioning(bits, level + 1); }
  /// Whether deeper() still has bits of the hash to split by.
  bool has_deeper() const { return bits > 0 && (level + 2) * bits <= 64; }

  int bits;
  int level;
};

}  // namespace lode::exec
