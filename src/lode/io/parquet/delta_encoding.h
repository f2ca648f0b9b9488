#pragma once
// Parquet's delta encodings (Encodings.md): DELTA_BINARY_PACKED integers,
// DELTA_LENGTH_BYTE_ARRAY (delta-packed lengths, then the bytes) and
// DELTA_BYTE_ARRAY (shared prefix lengths, then suffixes). The decoders
// check every count and width against the bytes they were given and throw
// ParseError, never reading out of bounds. Single-threaded functions.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lode::io::parquet {

/// Decodes a DELTA_BINARY_PACKED stream of at most `max_values` values
/// into `out` (wrapping 64-bit arithmetic; INT32 callers truncate).
/// Returns the number of bytes consumed.
int64_t decode_delta_binary_packed(const uint8_t* data, int64_t size_bytes, int64_t max_values,
                                   std::vector<int64_t>& out);

/// Decodes DELTA_LENGTH_BYTE_ARRAY: `out` views point into `data`.
int64_t decode_delta_length_byte_array(const uint8_t* data, int64_t size_bytes, int64_t max_values,
                                       std::vector<std::string_view>& out);

/// Decodes DELTA_BYTE_ARRAY: values are rebuilt in `storage`, which `out`
/// views point into.
void decode_delta_byte_array(const uint8_t* data, int64_t size_bytes, int64_t max_values,
                             std::string& storage, std::vector<std::string_view>& out);

/// Encodes integers as DELTA_BINARY_PACKED (blocks of 128, 4 miniblocks).
std::string encode_delta_binary_packed(const int64_t* values, int64_t count);

}  // namespace lode::io::parquet
