#pragma once
// A read-only memory map of a whole file. Pages come in on demand and are
// clean, so the kernel can drop them again: reading a file larger than RAM
// through a map keeps the process's memory bounded. Shareable across
// threads once open; the map lives until the last owner lets go.

#include <cstdint>
#include <string>
#include <string_view>

namespace lode::io {

class MappedFile {
 public:
  /// Maps `path`; throws IOError naming the path when it cannot. Errors
  /// and path() name `display_path` when given (a decompressed copy's source).
  explicit MappedFile(const std::string& path, const std::string& display_path = "");
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  const char* data() const { return data_; }
  int64_t size_bytes() const { return size_bytes_; }
  std::string_view view() const { return {data_, static_cast<size_t>(size_bytes_)}; }
  const std::string& path() const { return path_; }

  /// Tells the kernel that [offset, offset + length) will not be needed soon.
  void release(int64_t offset, int64_t length) const;

 private:
  std::string path_;
  const char* data_ = nullptr;
  int64_t size_bytes_ = 0;
};

}  // namespace lode::io
