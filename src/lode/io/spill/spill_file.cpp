#include "lode/io/spill/spill_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "lode/core/error.h"
#include "lode/core/memory_manager.h"

namespace lode::io::spill {

namespace {

std::mutex& directory_mutex() {
  static std::mutex mutex;
  return mutex;
}
std::string& chosen_directory() {
  static std::string directory;
  return directory;
}
std::atomic<int64_t> space_limit{-1};
std::atomic<int64_t> space_used{0};
std::atomic<int64_t> space_peak{0};

[[noreturn]] void throw_io(const std::string& what, const std::string& directory, int error) {
  std::string message = what + ": " + std::strerror(error);
  ErrorContext context{.path = directory};
  if (error == ENOSPC || error == EDQUOT)
    context.hint = "free space there, or spill elsewhere with lode.set_temp_directory(path)";
  throw IOError(message, std::move(context));
}

// Opens an anonymous file in `directory`: O_TMPFILE where the file system
// has it, else a made name that is unlinked at once.
int open_anonymous(const std::string& directory) {
  int descriptor = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (descriptor >= 0) return descriptor;
  if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) throw_io("cannot make a spill file", directory, errno);
  std::string name = directory + "/lode-spill-XXXXXX";
  descriptor = ::mkostemp(name.data(), O_CLOEXEC);
  if (descriptor < 0) throw_io("cannot make a spill file", directory, errno);
  ::unlink(name.c_str());
  return descriptor;
}

}  // namespace

std::string temp_directory() {
  std::lock_guard lock(directory_mutex());
  if (!chosen_directory().empty()) return chosen_directory();
  const char* from_environment = std::getenv("TMPDIR");
  return from_environment != nullptr && *from_environment != '\0' ? from_environment : "/tmp";
}

void set_temp_directory(std::string path) {
  std::lock_guard lock(directory_mutex());
  chosen_directory() = std::move(path);
}

void set_temp_space_limit(int64_t bytes) { space_limit.store(bytes < 0 ? -1 : bytes); }
int64_t temp_space_limit() { return space_limit.load(); }
int64_t temp_space_used() { return space_used.load(); }
int64_t temp_space_peak() { return space_peak.load(); }
void reset_temp_space_peak() { space_peak.store(space_used.load()); }

SpillFile::SpillFile(SpillCodec codec) : codec_(codec), directory_(temp_directory()) {
  descriptor_ = open_anonymous(directory_);
}

SpillFile::~SpillFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
  space_used.fetch_sub(accounted_);
}

SpillFile::Frame SpillFile::append(const Batch& batch) {
  Frame frame;
  frame.offset = size_bytes();
  frame.size = encode_batch(batch, codec_, buffer_);
  frame.num_rows = batch.num_rows();
  const int64_t limit = space_limit.load();
  const int64_t used = space_used.fetch_add(frame.size) + frame.size;
  accounted_ += frame.size;
  for (int64_t peak = space_peak.load(); used > peak && !space_peak.compare_exchange_weak(peak, used);) {
  }
  if (limit >= 0 && used > limit) {
    buffer_.resize(buffer_.size() - frame.size);
    space_used.fetch_sub(frame.size);
    accounted_ -= frame.size;
    throw IOError("spilling needs " + format_byte_size(frame.size) + " more than the temp space limit of " +
                      format_byte_size(limit) + " allows (" + format_byte_size(used - frame.size) + " in use)",
                  ErrorContext{.path = directory_, .hint = "raise it with lode.set_temp_space_limit()"});
  }
  if (static_cast<int64_t>(buffer_.size()) >= kWriteBytes) flush();
  return frame;
}

void SpillFile::flush() {
  if (buffer_.empty()) return;
  write_all(buffer_.data(), static_cast<int64_t>(buffer_.size()));
  written_ += static_cast<int64_t>(buffer_.size());
  buffer_.clear();
}

void SpillFile::finish() {
  flush();
  std::string().swap(buffer_);
}

void SpillFile::write_all(const char* data, int64_t size) {
  int64_t done = 0;
  while (done < size) {
    const ssize_t wrote = ::pwrite(descriptor_, data + done, static_cast<size_t>(size - done), written_ + done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      const int error = wrote < 0 ? errno : ENOSPC;
      throw_io("cannot write " + format_byte_size(size - done) + " of spilled data to the temp directory", directory_,
               error);
    }
    done += wrote;
  }
}

Batch SpillFile::read(const Frame& frame) const {
  LODE_CHECK(frame.offset >= 0 && frame.offset + frame.size <= written_, "a spill frame read before it was flushed");
  const std::string where = directory_ + " (spill file, frame at byte " + std::to_string(frame.offset) + ")";
  std::string bytes(static_cast<size_t>(frame.size), '\0');
  int64_t done = 0;
  while (done < frame.size) {
    const ssize_t got = ::pread(descriptor_, bytes.data() + done, static_cast<size_t>(frame.size - done),
                                frame.offset + done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw_io("cannot read spilled data back", directory_, errno);
    if (got == 0) throw ParseError("damaged spill frame: the spill file ends early", ErrorContext{.path = where});
    done += got;
  }
  return decode_batch(bytes, where);
}

}  // namespace lode::io::spill
