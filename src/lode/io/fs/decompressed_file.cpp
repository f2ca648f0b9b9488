#include "lode/io/fs/decompressed_file.h"

#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdio>
#include <cstdlib>
#include <vector>

#include "lode/core/error.h"

namespace lode::io {

namespace {

constexpr size_t kChunkBytes = 1 << 20;

ErrorContext context_for(const std::string& path, std::string hint = "") {
  ErrorContext context;
  context.path = path;
  context.hint = std::move(hint);
  return context;
}

// An unlinked temporary file: it disappears when the last descriptor or
// map of it goes away, even if lode is killed.
class TemporaryCopy {
 public:
  explicit TemporaryCopy(const std::string& source) : source_(source) {
    const char* directory = std::getenv("TMPDIR");
    name_ = std::string(directory && *directory ? directory : "/tmp") + "/lode-decompressed-XXXXXX";
    descriptor_ = ::mkstemp(name_.data());
    if (descriptor_ < 0)
      throw IOError("cannot create a temporary file for decompressing", context_for(source, "set TMPDIR to a writable folder"));
  }
  ~TemporaryCopy() {
    if (descriptor_ >= 0) ::close(descriptor_);
    ::unlink(name_.c_str());
  }
  void write(const char* data, size_t size) {
    while (size > 0) {
      const ssize_t written = ::write(descriptor_, data, size);
      if (written <= 0)
        throw IOError("cannot write the decompressed copy (disk full?)", context_for(source_, "set TMPDIR to a folder with room"));
      data += written;
      size -= static_cast<size_t>(written);
    }
  }
  const std::string& name() const { return name_; }

 private:
  std::string source_;
  std::string name_;
  int descriptor_ = -1;
};

[[noreturn]] void throw_corrupt(const std::string& path, const char* format, const std::string& detail) {
  throw ParseError(std::string("corrupt ") + format + " data: " + detail, context_for(path));
}

// Inflates every gzip member in turn (concatenated and BGZF files have several).
void inflate_gzip(const MappedFile& input, TemporaryCopy& output) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) throw InternalError("zlib initialisation failed");
  std::vector<char> buffer(kChunkBytes);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(std::min<int64_t>(input.size_bytes(), UINT32_MAX));
  int64_t remaining = input.size_bytes() - stream.avail_in;
  while (true) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
    stream.avail_out = static_cast<uInt>(buffer.size());
    const int status = inflate(&stream, Z_NO_FLUSH);
    output.write(buffer.data(), buffer.size() - stream.avail_out);
    if (stream.avail_in == 0 && remaining > 0) {
      const uInt more = static_cast<uInt>(std::min<int64_t>(remaining, UINT32_MAX));
      stream.avail_in = more;
      remaining -= more;
    }
    if (status == Z_STREAM_END) {
      if (stream.avail_in == 0 && remaining == 0) break;
      inflateReset(&stream);
      continue;
    }
    if (status == Z_BUF_ERROR && stream.avail_in == 0 && remaining == 0) {
      inflateEnd(&stream);
      throw_corrupt(input.path(), "gzip", "the file ends inside the compressed stream");
    }
    if (status != Z_OK && status != Z_BUF_ERROR) {
      const std::string message = stream.msg ? stream.msg : "error " + std::to_string(status);
      inflateEnd(&stream);
      throw_corrupt(input.path(), "gzip", message);
    }
  }
  inflateEnd(&stream);
}

void decompress_zstd(const MappedFile& input, TemporaryCopy& output) {
  ZSTD_DStream* stream = ZSTD_createDStream();
  std::vector<char> buffer(ZSTD_DStreamOutSize());
  ZSTD_inBuffer in{input.data(), static_cast<size_t>(input.size_bytes()), 0};
  size_t last = 0;
  while (in.pos < in.size) {
    ZSTD_outBuffer out{buffer.data(), buffer.size(), 0};
    last = ZSTD_decompressStream(stream, &out, &in);
    if (ZSTD_isError(last)) {
      const std::string message = ZSTD_getErrorName(last);
      ZSTD_freeDStream(stream);
      throw_corrupt(input.path(), "zstd", message);
    }
    output.write(buffer.data(), out.pos);
  }
  // Drain what the decoder still holds.
  while (last != 0) {
    ZSTD_outBuffer out{buffer.data(), buffer.size(), 0};
    last = ZSTD_decompressStream(stream, &out, &in);
    if (ZSTD_isError(last) || out.pos == 0) break;
    output.write(buffer.data(), out.pos);
  }
  ZSTD_freeDStream(stream);
  if (last != 0) throw_corrupt(input.path(), "zstd", "the file ends inside a frame");
}

}  // namespace

Compression detect_compression(std::string_view head) {
  if (head.substr(0, 2) == "\x1f\x8b") return Compression::kGzip;
  if (head.substr(0, 4) == "\x28\xb5\x2f\xfd") return Compression::kZstd;
  return Compression::kNone;
}

std::unique_ptr<MappedFile> open_maybe_compressed(const std::string& path) {
  auto file = std::make_unique<MappedFile>(path);
  const std::string_view head = file->view().substr(0, 6);
  if (head.substr(0, 3) == "BZh" || head == std::string_view("\xfd" "7zXZ\x00", 6)) {
    // TODO: bzip2 and xz would stream the same way through libbz2 / liblzma.
    throw NotSupportedError(std::string(head[0] == 'B' ? "bzip2" : "xz") + " compressed input is not supported",
                            context_for(path, "decompress it first, or recompress it with gzip or zstd"));
  }
  const Compression compression = detect_compression(head);
  if (compression == Compression::kNone) return file;
  TemporaryCopy copy(path);
  if (compression == Compression::kGzip) inflate_gzip(*file, copy);
  else decompress_zstd(*file, copy);
  return std::make_unique<MappedFile>(copy.name(), path);
}

}  // namespace lode::io
