#pragma once
// A file written all or nothing: bytes go to a temporary file beside the
// target, and commit() renames it into place. Destroying an uncommitted
// AtomicFile (an error, a cancellation) removes the temporary file, so a
// failed write never leaves a half-written file. One thread writes.

#include <cstdint>
#include <string>
#include <string_view>

namespace lode::io {

class AtomicFile {
 public:
  /// Creates the temporary file; throws IOError naming `path` on failure.
  explicit AtomicFile(std::string path);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  ~AtomicFile();

  /// Appends bytes; throws IOError (disk full, ...) naming the target path.
  void write(std::string_view bytes);
  /// Flushes, closes and renames the file into place.
  void commit();

  const std::string& path() const { return path_; }

 private:
  void close_file();

  std::string path_;
  std::string temporary_path_;
  int descriptor_ = -1;
  bool committed_ = false;
};

}  // namespace lode::io
