#include "lode/io/fs/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "lode/core/error.h"

namespace lode::io {

namespace {

[[noreturn]] void throw_io_error(const std::string& what, const std::string& path, int error_number) {
  throw IOError(what + ": " + std::strerror(error_number), ErrorContext{.path = path});
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  temporary_path_ = path_ + ".lode-tmp-" + std::to_string(getpid()) + "-XXXXXX";
  descriptor_ = mkstemp(temporary_path_.data());
  if (descriptor_ < 0) throw_io_error("cannot create a file beside the output", path_, errno);
}

AtomicFile::~AtomicFile() {
  close_file();
  if (!committed_) unlink(temporary_path_.c_str());
}

void AtomicFile::close_file() {
  if (descriptor_ >= 0) {
    ::close(descriptor_);
    descriptor_ = -1;
  }
}

void AtomicFile::write(std::string_view bytes) {
  LODE_CHECK(descriptor_ >= 0, "write after commit");
  while (!bytes.empty()) {
    ssize_t written = ::write(descriptor_, bytes.data(), bytes.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      throw_io_error("cannot write the output file", path_, errno);
    }
    bytes.remove_prefix(static_cast<size_t>(written));
  }
}

void AtomicFile::commit() {
  LODE_CHECK(descriptor_ >= 0, "commit twice");
  // mkstemp creates files readable by the owner only; give the usual mode.
  mode_t mask = umask(0);
  umask(mask);
  fchmod(descriptor_, 0666 & ~mask);
  if (::close(descriptor_) != 0) {
    descriptor_ = -1;
    throw_io_error("cannot finish writing the output file", path_, errno);
  }
  descriptor_ = -1;
  if (std::rename(temporary_path_.c_str(), path_.c_str()) != 0)
    throw_io_error("cannot move the written file into place", path_, errno);
  committed_ = true;
}

}  // namespace lode::io
