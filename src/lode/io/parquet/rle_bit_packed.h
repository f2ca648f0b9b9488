#pragma once
// The RLE / bit-packed hybrid encoding of Parquet (Encodings.md): runs of
// one repeated value, or groups of 8 values packed LSB-first at a fixed bit
// width. Used for definition levels, dictionary indices and RLE booleans.
// Decoder and encoder are single-threaded values; the decoder never reads
// past the bytes it was given.

#include <cstdint>
#include <string>
#include <vector>

namespace lode::io::parquet {

/// Reads `count` values of `bit_width` bits (<= 64), packed LSB-first, from
/// `data`; the caller checks that count * bit_width bits are there.
void unpack_bits(const uint8_t* data, int bit_width, int64_t count, uint64_t* out);
/// Same for bit_width <= 32, starting at bit `first_bit` of [data, data + size_bytes);
/// never reads past size_bytes.
void unpack_bits32(const uint8_t* data, int64_t size_bytes, int64_t first_bit, int bit_width, int64_t count,
                   uint32_t* out);

class RleBitPackedDecoder {
 public:
  /// Decodes from [data, data + size_bytes); bit_width in [0, 32].
  RleBitPackedDecoder(const uint8_t* data, int64_t size_bytes, int bit_width);

  /// Writes up to `count` values to `out`; returns how many there were
  /// (fewer only when the data runs out).
  int64_t read(uint32_t* out, int64_t count);
  /// Run by run, for callers that treat a repeated value at once: when the
  /// next values are an RLE run, consumes up to `limit` of them and returns
  /// how many, with the value in `value`; else returns 0.
  int64_t read_repeat(int64_t limit, uint32_t& value);
  /// When the next values are bit-packed, decodes up to `limit` of them (at
  /// most to the end of their run) into `out` and returns how many; else 0.
  int64_t read_packed(uint32_t* out, int64_t limit);

 private:
  bool next_run();

  const uint8_t* data_;
  int64_t size_bytes_;
  int64_t position_ = 0;
  int bit_width_;
  int64_t repeat_left_ = 0;     // values left in the current RLE run
  uint32_t repeat_value_ = 0;
  int64_t packed_left_ = 0;     // values left in the current bit-packed run
  const uint8_t* packed_data_ = nullptr;
  int64_t packed_bytes_ = 0;
  int64_t packed_index_ = 0;
};

/// Encodes values of `bit_width` bits; RLE runs for repeats of 8 or more.
class RleBitPackedEncoder {
 public:
  explicit RleBitPackedEncoder(int bit_width) : bit_width_(bit_width) {}
  void append(uint32_t value) { pending_.push_back(value); }
  /// Appends `count` copies of `value` (as one RLE run where it can).
  void append_run(uint32_t value, int64_t count);
  /// Returns the encoded bytes; the encoder is empty afterwards.
  std::string finish();

 private:
  void flush_packed(bool final_group);
  void write_varint(uint64_t value);
  void write_rle_run(uint32_t value, int64_t length);

  int bit_width_;
  std::string bytes_;
  std::vector<uint32_t> pending_;  // values not yet written
};

/// Returns the bits needed for values up to `max_value`.
int bit_width_for(uint64_t max_value);

}  // namespace lode::io::parquet
