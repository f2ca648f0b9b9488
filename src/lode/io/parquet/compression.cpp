#include "lode/io/parquet/compression.h"

#include <algorithm>
#include <cstring>

#include "lode/core/error.h"

#ifdef LODE_HAVE_SNAPPY
#include <snappy-c.h>
#endif
#ifdef LODE_HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef LODE_HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef LODE_HAVE_LZ4
#include <lz4.h>
#endif
#ifdef LODE_HAVE_BROTLI
#include <brotli/decode.h>
#include <brotli/encode.h>
#endif

namespace lode::io::parquet {

namespace {

[[noreturn]] void corrupt(Codec codec, const std::string& detail) {
  throw ParseError(std::string("cannot decompress a ") + codec_name(codec) + " page: " + detail,
                   ErrorContext{.hint = "the file is damaged"});
}

[[noreturn, maybe_unused]] void missing(Codec codec) {
  throw NotSupportedError(std::string("lode was built without the ") + codec_name(codec) + " codec",
                          ErrorContext{.hint = "install the codec's Debian -dev package and rebuild lode"});
}

void check_size(Codec codec, int64_t produced, int64_t expected) {
  if (produced != expected)
    corrupt(codec, "it holds " + std::to_string(produced) + " bytes, the header says " + std::to_string(expected));
}

#ifdef LODE_HAVE_ZLIB
// Inflates gzip or zlib data; several concatenated gzip members are allowed.
void inflate_gzip(std::string_view input, uint8_t* output, int64_t output_size) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) corrupt(Codec::kGzip, "zlib failed to start");
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  stream.avail_in = static_cast<uInt>(input.size());
  stream.next_out = output;
  stream.avail_out = static_cast<uInt>(output_size);
  int status = Z_OK;
  while (true) {
    status = inflate(&stream, Z_FINISH);
    if (status == Z_STREAM_END && stream.avail_in > 0 && stream.avail_out > 0) {
      inflateReset(&stream);  // another gzip member follows
      continue;
    }
    break;
  }
  const int64_t produced = output_size - stream.avail_out;
  inflateEnd(&stream);
  if (status != Z_STREAM_END && !(status == Z_BUF_ERROR && stream.avail_out == 0 && produced == output_size))
    corrupt(Codec::kGzip, "zlib error " + std::to_string(status));
  check_size(Codec::kGzip, produced, output_size);
}
#endif

#ifdef LODE_HAVE_LZ4
uint32_t read_big_endian32(const char* data) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(data);
  return (uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) | (uint32_t(bytes[2]) << 8) | bytes[3];
}

// Tries Hadoop's framing: blocks of [uncompressed size][compressed size]
// (big-endian 32-bit) then an LZ4 block. Returns false if it does not fit.
bool try_hadoop_lz4(std::string_view input, uint8_t* output, int64_t output_size) {
  int64_t produced = 0;
  while (!input.empty()) {
    if (input.size() < 8) return false;
    const uint32_t expected = read_big_endian32(input.data());
    const uint32_t compressed = read_big_endian32(input.data() + 4);
    input.remove_prefix(8);
    if (compressed > input.size() || expected > output_size - produced) return false;
    int result = LZ4_decompress_safe(input.data(), reinterpret_cast<char*>(output + produced),
                                     static_cast<int>(compressed), static_cast<int>(expected));
    if (result < 0 || static_cast<uint32_t>(result) != expected) return false;
    produced += result;
    input.remove_prefix(compressed);
  }
  return produced == output_size;
}

void decompress_lz4_raw(Codec codec, std::string_view input, uint8_t* output, int64_t output_size) {
  if (input.size() > INT32_MAX || output_size > INT32_MAX) corrupt(codec, "page too large for LZ4");
  int result = LZ4_decompress_safe(input.data(), reinterpret_cast<char*>(output), static_cast<int>(input.size()),
                                   static_cast<int>(output_size));
  if (result < 0) corrupt(codec, "invalid LZ4 block");
  check_size(codec, result, output_size);
}
#endif

}  // namespace

const char* codec_name(Codec codec) {
  switch (codec) {
    case Codec::kUncompressed: return "UNCOMPRESSED";
    case Codec::kSnappy: return "SNAPPY";
    case Codec::kGzip: return "GZIP";
    case Codec::kLzo: return "LZO";
    case Codec::kBrotli: return "BROTLI";
    case Codec::kLz4: return "LZ4";
    case Codec::kZstd: return "ZSTD";
    case Codec::kLz4Raw: return "LZ4_RAW";
  }
  return "unknown codec";
}

bool plausible_size(Codec codec, std::string_view input, int64_t output_size) {
  const int64_t input_size = static_cast<int64_t>(input.size());
  switch (codec) {
    case Codec::kUncompressed: return output_size == input_size;
#ifdef LODE_HAVE_SNAPPY
    case Codec::kSnappy: {
      size_t length = 0;
      return snappy_uncompressed_length(input.data(), input.size(), &length) == SNAPPY_OK &&
             static_cast<int64_t>(length) == output_size;
    }
#endif
    case Codec::kGzip: return output_size <= input_size * 1032 + 1024;  // deflate's largest ratio
    case Codec::kLz4: case Codec::kLz4Raw: return output_size <= input_size * 256 + 1024;  // LZ4's
#ifdef LODE_HAVE_ZSTD
    case Codec::kZstd: {
      // Frames record their sizes unless the writer streamed them; then only
      // the page-size cap applies.
      unsigned long long total = 0;
      for (size_t offset = 0; offset < input.size();) {
        const size_t frame_size = ZSTD_findFrameCompressedSize(input.data() + offset, input.size() - offset);
        const unsigned long long recorded = ZSTD_getFrameContentSize(input.data() + offset, input.size() - offset);
        if (ZSTD_isError(frame_size) || recorded == ZSTD_CONTENTSIZE_ERROR) return false;
        if (recorded == ZSTD_CONTENTSIZE_UNKNOWN) return true;
        total += recorded;
        offset += frame_size;
      }
      return total == static_cast<unsigned long long>(output_size);
    }
#endif
    default: return true;
  }
}

void decompress(Codec codec, std::string_view input, uint8_t* output, int64_t output_size) {
  switch (codec) {
    case Codec::kUncompressed:
      check_size(codec, static_cast<int64_t>(input.size()), output_size);
      std::memcpy(output, input.data(), input.size());
      return;
    case Codec::kSnappy: {
#ifdef LODE_HAVE_SNAPPY
      size_t length = 0;
      if (snappy_uncompressed_length(input.data(), input.size(), &length) != SNAPPY_OK)
        corrupt(codec, "invalid snappy header");
      check_size(codec, static_cast<int64_t>(length), output_size);
      if (snappy_uncompress(input.data(), input.size(), reinterpret_cast<char*>(output), &length) != SNAPPY_OK)
        corrupt(codec, "invalid snappy data");
      return;
#else
      missing(codec);
#endif
    }
    case Codec::kGzip:
#ifdef LODE_HAVE_ZLIB
      inflate_gzip(input, output, output_size);
      return;
#else
      missing(codec);
#endif
    case Codec::kZstd: {
#ifdef LODE_HAVE_ZSTD
      size_t result = ZSTD_decompress(output, static_cast<size_t>(output_size), input.data(), input.size());
      if (ZSTD_isError(result)) corrupt(codec, ZSTD_getErrorName(result));
      check_size(codec, static_cast<int64_t>(result), output_size);
      return;
#else
      missing(codec);
#endif
    }
    case Codec::kLz4Raw:
#ifdef LODE_HAVE_LZ4
      decompress_lz4_raw(codec, input, output, output_size);
      return;
#else
      missing(codec);
#endif
    case Codec::kLz4:
#ifdef LODE_HAVE_LZ4
      // The legacy LZ4 codec is Hadoop-framed in files from parquet-mr and a
      // raw block in some others: try the framing first, as Arrow does.
      if (try_hadoop_lz4(input, output, output_size)) return;
      decompress_lz4_raw(codec, input, output, output_size);
      return;
#else
      missing(codec);
#endif
    case Codec::kBrotli: {
#ifdef LODE_HAVE_BROTLI
      size_t length = static_cast<size_t>(output_size);
      if (BrotliDecoderDecompress(input.size(), reinterpret_cast<const uint8_t*>(input.data()), &length, output) !=
          BROTLI_DECODER_RESULT_SUCCESS)
        corrupt(codec, "invalid brotli data");
      check_size(codec, static_cast<int64_t>(length), output_size);
      return;
#else
      missing(codec);
#endif
    }
    case Codec::kLzo: break;
  }
  throw NotSupportedError("Parquet codec " + std::string(codec_name(codec)) + " (" +
                              std::to_string(static_cast<int>(codec)) + ") is not supported",
                          ErrorContext{.hint = "rewrite the file with snappy, zstd, gzip, lz4 or brotli"});
}

void compress(Codec codec, std::string_view input, std::string& output) {
  switch (codec) {
    case Codec::kUncompressed: output.assign(input); return;
    case Codec::kSnappy: {
#ifdef LODE_HAVE_SNAPPY
      size_t length = snappy_max_compressed_length(input.size());
      output.resize(length);
      if (snappy_compress(input.data(), input.size(), output.data(), &length) != SNAPPY_OK)
        throw InternalError("snappy compression failed");
      output.resize(length);
      return;
#else
      missing(codec);
#endif
    }
    case Codec::kGzip: {
#ifdef LODE_HAVE_ZLIB
      z_stream stream{};
      if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw InternalError("zlib failed to start");
      output.resize(deflateBound(&stream, input.size()) + 32);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
      stream.avail_in = static_cast<uInt>(input.size());
      stream.next_out = reinterpret_cast<Bytef*>(output.data());
      stream.avail_out = static_cast<uInt>(output.size());
      int status = deflate(&stream, Z_FINISH);
      output.resize(stream.total_out);
      deflateEnd(&stream);
      if (status != Z_STREAM_END) throw InternalError("gzip compression failed");
      return;
#else
      missing(codec);
#endif
    }
    case Codec::kZstd: {
#ifdef LODE_HAVE_ZSTD
      output.resize(ZSTD_compressBound(input.size()));
      size_t length = ZSTD_compress(output.data(), output.size(), input.data(), input.size(), 1);
      if (ZSTD_isError(length)) throw InternalError("zstd compression failed");
      output.resize(length);
      return;
#else
      missing(codec);
#endif
    }
    case Codec::kLz4Raw: {
#ifdef LODE_HAVE_LZ4
      output.resize(static_cast<size_t>(LZ4_compressBound(static_cast<int>(input.size()))));
      int length = LZ4_compress_default(input.data(), output.data(), static_cast<int>(input.size()),
                                        static_cast<int>(output.size()));
      if (length <= 0) throw InternalError("lz4 compression failed");
      output.resize(static_cast<size_t>(length));
      return;
#else
      missing(codec);
#endif
    }
    case Codec::kBrotli: {
#ifdef LODE_HAVE_BROTLI
      size_t length = BrotliEncoderMaxCompressedSize(input.size());
      output.resize(length);
      if (!BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, input.size(),
                                 reinterpret_cast<const uint8_t*>(input.data()), &length,
                                 reinterpret_cast<uint8_t*>(output.data())))
        throw InternalError("brotli compression failed");
      output.resize(length);
      return;
#else
      missing(codec);
#endif
    }
    default: break;
  }
  throw NotSupportedError(std::string("lode does not write the ") + codec_name(codec) + " codec");
}

Codec codec_from_name(const std::string& name) {
  static const std::pair<const char*, Codec> kNames[] = {
      {"uncompressed", Codec::kUncompressed}, {"snappy", Codec::kSnappy}, {"gzip", Codec::kGzip},
      {"zstd", Codec::kZstd}, {"lz4", Codec::kLz4Raw}, {"lz4_raw", Codec::kLz4Raw}, {"brotli", Codec::kBrotli},
      {"none", Codec::kUncompressed}};
  for (const auto& [codec_name_text, codec] : kNames)
    if (name == codec_name_text) return codec;
  std::string candidates[] = {"uncompressed", "snappy", "gzip", "zstd", "lz4", "brotli"};
  std::string suggestion = closest_match(name, candidates, 6);
  throw InvalidInputError("unknown compression '" + name + "'",
                          ErrorContext{.hint = suggestion.empty()
                                                   ? "use snappy, zstd, gzip, lz4, brotli or uncompressed"
                                                   : "did you mean '" + suggestion + "'?"});
}

bool crc_matches(std::string_view bytes, uint32_t expected) {
#ifdef LODE_HAVE_ZLIB
  uLong crc = crc32(0L, Z_NULL, 0);
  size_t done = 0;
  while (done < bytes.size()) {  // zlib takes 32-bit lengths
    const size_t step = std::min<size_t>(bytes.size() - done, size_t(1) << 30);
    crc = crc32(crc, reinterpret_cast<const Bytef*>(bytes.data() + done), static_cast<uInt>(step));
    done += step;
  }
  return static_cast<uint32_t>(crc) == expected;
#else
  (void)bytes;
  (void)expected;
  return true;
#endif
}

}  // namespace lode::io::parquet
