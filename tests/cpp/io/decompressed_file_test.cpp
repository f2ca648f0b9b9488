#include "lode/io/fs/decompressed_file.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <fstream>

#include "lode/core/error.h"

namespace lode::io {
namespace {

std::string write_temporary(const std::string& content) {
  char pattern[] = "/tmp/lode-decompress-XXXXXX";
  const int descriptor = mkstemp(pattern);
  ::close(descriptor);
  std::ofstream(pattern, std::ios::binary) << content;
  return pattern;
}

std::string gzip(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string zstd(const std::string& text) {
  std::string out(ZSTD_compressBound(text.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), text.data(), text.size(), 3));
  return out;
}

TEST(DecompressedFileTest, PlainFilesAreMappedAsTheyAre) {
  const std::string path = write_temporary("a,b\n1,2\n");
  EXPECT_EQ(open_maybe_compressed(path)->view(), "a,b\n1,2\n");
  std::remove(path.c_str());
}

TEST(DecompressedFileTest, GzipMembersAndZstdFramesDecompress) {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += std::to_string(i) + ",x\n";
  for (const std::string& compressed : {gzip(text) + gzip("tail\n"), zstd(text) + zstd("tail\n")}) {
    const std::string path = write_temporary(compressed);
    auto file = open_maybe_compressed(path);
    EXPECT_EQ(file->view(), text + "tail\n");
    EXPECT_EQ(file->path(), path);
    std::remove(path.c_str());
  }
}

TEST(DecompressedFileTest, TruncatedDataIsAParseError) {
  for (std::string compressed : {gzip(std::string(100000, 'a')), zstd(std::string(100000, 'a') + "b")}) {
    compressed.resize(compressed.size() - 6);
    const std::string path = write_temporary(compressed);
    EXPECT_THROW(open_maybe_compressed(path), ParseError);
    std::remove(path.c_str());
  }
}

}  // namespace
}  // namespace lode::io
