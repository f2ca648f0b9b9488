#pragma once
// Rows spilled by radix partition (partitioning.h), for operators that
// process partitions one at a time once their input has outgrown memory
// (the grace hash join, distinct and windows). Each writer (one per worker) owns a spill file
// and lists its frames per partition; reading a partition gathers its
// frames from every writer. Writers are made and read under a lock; one
// thread appends to a writer, and flush() before anyone reads.

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "lode/core/batch.h"
#include "lode/io/spill/spill_file.h"

namespace lode::exec {

class PartitionedSpill {
 public:
  class Writer {
   public:
    explicit Writer(int partitions) : frames_(partitions), data_bytes_(partitions, 0) {}
    /// Appends `rows` (non-empty) to `partition`; throws IOError as SpillFile does.
    void write(int partition, const Batch& rows);
    void flush();

   private:
    friend class PartitionedSpill;
    std::unique_ptr<io::spill::SpillFile> file_;  // made on the first write
    std::vector<std::vector<io::spill::SpillFile::Frame>> frames_;
    std::vector<int64_t> data_bytes_;  // per partition, in memory (Batch::data_bytes)
  };

  explicit PartitionedSpill(int partitions) : partitions_(partitions) {}

  /// A new writer, kept (at a stable address) as long as this.
  Writer& new_writer();
  /// Rows written to `partition` by all writers.
  int64_t num_rows(int partition) const;
  /// Bytes those rows took in memory.
  int64_t data_bytes(int partition) const;
  /// Passes the partition's batches, writer by writer in the order
  /// written, to `visit`, reading one at a time.
  void for_each(int partition, const std::function<void(Batch)>& visit) const;

 private:
  int partitions_;
  mutable std::mutex mutex_;
  std::deque<Writer> writers_;
};

}  // namespace lode::exec
