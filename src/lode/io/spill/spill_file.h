#pragma once
// Temp files for spilled data. A SpillFile is an anonymous file in the temp
// directory (O_TMPFILE, or a name unlinked as soon as it is made), so it is
// gone once closed: after success, an error or a cancellation, and whenever
// the process ends, however it ends. Frames (batch_codec.h) are appended
// through one buffer and written in large sequential writes, then read back
// by offset. Every spill file's bytes count against one optional cap on
// temp space. One thread appends; after flush(), any thread may read.

#include <atomic>
#include <cstdint>
#include <string>

#include "lode/io/spill/batch_codec.h"

namespace lode::io::spill {

/// The directory spill files go to: set_temp_directory()'s, else $TMPDIR, else /tmp.
std::string temp_directory();
/// Sets it ("" goes back to the default); checked when a file is made.
void set_temp_directory(std::string path);
/// Caps the bytes all spill files hold at once (-1: no cap, the default).
void set_temp_space_limit(int64_t bytes);
int64_t temp_space_limit();
/// Bytes all open spill files hold.
int64_t temp_space_used();
/// The most they held at once since the last reset.
int64_t temp_space_peak();
void reset_temp_space_peak();

class SpillFile {
 public:
  // LZ4: per core it writes 627 MB/s and reads 1517 MB/s of the groupby
  // table at ratio 2.0, against zstd-1's 401 and 1116 at 3.7, and these
  // machines' disks move 1.7 GB/s (bench/spill/spill_codec.cpp).
  static constexpr SpillCodec kDefaultCodec = SpillCodec::kLz4;
  static constexpr int64_t kWriteBytes = int64_t{4} << 20;

  struct Frame {
    int64_t offset = 0;
    int64_t size = 0;
    int64_t num_rows = 0;
  };

  /// Makes the file; throws IOError naming the directory when it cannot.
  explicit SpillFile(SpillCodec codec = kDefaultCodec);
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;
  ~SpillFile();

  /// Encodes and appends a batch; throws IOError (a full disk, the temp
  /// space cap) naming the directory and the bytes it needed.
  Frame append(const Batch& batch);
  /// Writes what append() buffered.
  void flush();
  /// Flushes and gives back the write buffer, for a file only read from now on.
  void finish();
  /// Reads a flushed frame back; a damaged one is a ParseError naming the
  /// directory and offset.
  Batch read(const Frame& frame) const;

  /// Bytes written and buffered.
  int64_t size_bytes() const { return written_ + static_cast<int64_t>(buffer_.size()); }
  const std::string& directory() const { return directory_; }

 private:
  void write_all(const char* data, int64_t size);

  SpillCodec codec_;
  std::string directory_;
  int descriptor_ = -1;
  int64_t written_ = 0;
  int64_t accounted_ = 0;  // against the temp space cap
  std::string buffer_;
};

}  // namespace lode::io::spill
