#include "lode/io/fs/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lode/core/error.h"

namespace lode::io {

namespace {

constexpr const char* kEmpty = "";

[[noreturn]] void throw_io(const std::string& what, const std::string& path) {
  ErrorContext context;
  context.path = path;
  throw IOError(what + " '" + path + "': " + std::strerror(errno), context);
}

}  // namespace

MappedFile::MappedFile(const std::string& path, const std::string& display_path)
    : path_(display_path.empty() ? path : display_path) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) throw_io("cannot open", path);
  struct stat info {};
  if (::fstat(descriptor, &info) != 0) {
    ::close(descriptor);
    throw_io("cannot stat", path);
  }
  if (S_ISDIR(info.st_mode)) {
    ::close(descriptor);
    errno = EISDIR;
    throw_io("cannot read", path);
  }
  size_bytes_ = info.st_size;
  if (size_bytes_ == 0) {
    ::close(descriptor);
    data_ = kEmpty;
    return;
  }
  void* address = ::mmap(nullptr, static_cast<size_t>(size_bytes_), PROT_READ, MAP_PRIVATE, descriptor, 0);
  ::close(descriptor);
  if (address == MAP_FAILED) throw_io("cannot map", path);
  ::madvise(address, static_cast<size_t>(size_bytes_), MADV_SEQUENTIAL);
  data_ = static_cast<const char*>(address);
}

MappedFile::~MappedFile() {
  if (size_bytes_ > 0) ::munmap(const_cast<char*>(data_), static_cast<size_t>(size_bytes_));
}

void MappedFile::release(int64_t offset, int64_t length) const {
  const int64_t page = ::sysconf(_SC_PAGESIZE);
  const int64_t begin = (offset + page - 1) / page * page;
  const int64_t end = std::min(offset + length, size_bytes_) / page * page;
  if (end > begin) ::madvise(const_cast<char*>(data_) + begin, static_cast<size_t>(end - begin), MADV_DONTNEED);
}

}  // namespace lode::io
