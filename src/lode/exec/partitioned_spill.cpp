#include "lode/exec/partitioned_spill.h"

namespace lode::exec {

void PartitionedSpill::Writer::write(int partition, const Batch& rows) {
  if (!file_) file_ = std::make_unique<io::spill::SpillFile>();
  frames_[partition].push_back(file_->append(rows));
  data_bytes_[partition] += rows.data_bytes();
}

void PartitionedSpill::Writer::flush() {
  if (file_) file_->flush();
}

PartitionedSpill::Writer& PartitionedSpill::new_writer() {
  std::lock_guard lock(mutex_);
  return writers_.emplace_back(partitions_);
}

int64_t PartitionedSpill::num_rows(int partition) const {
  std::lock_guard lock(mutex_);
  int64_t rows = 0;
  for (const auto& writer : writers_)
    for (const auto& frame : writer.frames_[partition]) rows += frame.num_rows;
  return rows;
}

int64_t PartitionedSpill::data_bytes(int partition) const {
  std::lock_guard lock(mutex_);
  int64_t bytes = 0;
  for (const auto& writer : writers_) bytes += writer.data_bytes_[partition];
  return bytes;
}

void PartitionedSpill::for_each(int partition, const std::function<void(Batch)>& visit) const {
  std::vector<std::pair<const io::spill::SpillFile*, io::spill::SpillFile::Frame>> frames;
  {
    std::lock_guard lock(mutex_);
    for (const auto& writer : writers_)
      for (const auto& frame : writer.frames_[partition]) frames.push_back({writer.file_.get(), frame});
  }
  for (const auto& [file, frame] : frames) visit(file->read(frame));  // without the lock: partitions go in parallel
}

}  // namespace lode::exec
