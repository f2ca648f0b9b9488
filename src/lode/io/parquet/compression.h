#pragma once
// Page compression codecs through Debian's libraries (snappy, zlib, zstd,
// lz4, brotli). A codec missing at configure time raises NotSupportedError
// when used. Stateless functions, safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>

#include "lode/io/parquet/metadata.h"

namespace lode::io::parquet {

/// Returns the codec's name as parquet.thrift spells it ("SNAPPY").
const char* codec_name(Codec codec);

/// Returns whether `input` could decompress to `output_size` bytes: the size
/// the data itself records (snappy, zstd frames) or the codec's largest
/// ratio (deflate, LZ4). Checked before a page's output is allocated, so a
/// lying page header costs no large allocation.
bool plausible_size(Codec codec, std::string_view input, int64_t output_size);

/// Decompresses `input` into exactly `output_size` bytes at `output`;
/// throws ParseError when the data is corrupt or has another size.
void decompress(Codec codec, std::string_view input, uint8_t* output, int64_t output_size);

/// Compresses `input` with `codec` (not LZ4 legacy or LZO) into `output`,
/// reusing its capacity.
void compress(Codec codec, std::string_view input, std::string& output);

/// Returns whether `bytes` have the CRC32 `expected` (the page checksum of
/// parquet.thrift); true when lode was built without zlib to compute it.
bool crc_matches(std::string_view bytes, uint32_t expected);

/// Parses "snappy", "zstd", "gzip", "lz4" (LZ4_RAW), "brotli", "uncompressed".
Codec codec_from_name(const std::string& name);

}  // namespace lode::io::parquet
