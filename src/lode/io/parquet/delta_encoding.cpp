#include "lode/io/parquet/delta_encoding.h"

#include <algorithm>

#include "lode/core/buffer.h"
#include "lode/core/error.h"
#include "lode/io/parquet/rle_bit_packed.h"

namespace lode::io::parquet {

namespace {

[[noreturn]] void corrupt(const std::string& what) {
  throw ParseError("corrupt delta-encoded page: " + what, ErrorContext{.hint = "the file is damaged"});
}

class ByteCursor {
 public:
  ByteCursor(const uint8_t* data, int64_t size_bytes) : data_(data), size_bytes_(size_bytes) {}

  uint64_t varint() {
    uint64_t result = 0;
    for (int shift = 0; shift < 70; shift += 7) {
      if (position_ >= size_bytes_) corrupt("it ends inside a header");
      uint8_t byte = data_[position_++];
      result |= static_cast<uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return result;
    }
    corrupt("a varint is too long");
  }
  int64_t zigzag() {
    uint64_t value = varint();
    return static_cast<int64_t>((value >> 1) ^ (~(value & 1) + 1));
  }
  uint8_t byte() {
    if (position_ >= size_bytes_) corrupt("it ends inside a block header");
    return data_[position_++];
  }
  const uint8_t* here() const { return data_ + position_; }
  int64_t left() const { return size_bytes_ - position_; }
  int64_t position() const { return position_; }
  void advance(int64_t bytes) { position_ += bytes; }

 private:
  const uint8_t* data_;
  int64_t size_bytes_;
  int64_t position_ = 0;
};

}  // namespace

int64_t decode_delta_binary_packed(const uint8_t* data, int64_t size_bytes, int64_t max_values,
                                   std::vector<int64_t>& out) {
  ByteCursor cursor(data, size_bytes);
  const uint64_t block_size = cursor.varint();
  const uint64_t miniblocks = cursor.varint();
  const uint64_t total = cursor.varint();
  int64_t value = cursor.zigzag();
  if (block_size == 0 || block_size % 128 != 0 || block_size > (1u << 20) || miniblocks == 0 ||
      block_size % miniblocks != 0 || (block_size / miniblocks) % 32 != 0)
    corrupt("invalid block size " + std::to_string(block_size) + " with " + std::to_string(miniblocks) + " miniblocks");
  if (total > static_cast<uint64_t>(max_values))
    corrupt("it claims " + std::to_string(total) + " values where at most " + std::to_string(max_values) + " fit");
  const int64_t per_miniblock = static_cast<int64_t>(block_size / miniblocks);
  out.clear();
  out.reserve(total);
  if (total == 0) return cursor.position();
  out.push_back(value);
  std::vector<uint64_t> deltas(static_cast<size_t>(per_miniblock));
  std::vector<uint8_t> widths(static_cast<size_t>(miniblocks));
  while (out.size() < total) {
    const uint64_t min_delta = static_cast<uint64_t>(cursor.zigzag());
    for (auto& width : widths) width = cursor.byte();
    for (uint64_t miniblock = 0; miniblock < miniblocks && out.size() < total; ++miniblock) {
      const int width = widths[miniblock];
      if (width > 64) corrupt("bit width " + std::to_string(width));
      const int64_t bytes = per_miniblock * width / 8;
      const int64_t wanted = std::min<int64_t>(per_miniblock, static_cast<int64_t>(total - out.size()));
      // The last miniblock may be cut short; only its needed values must be there.
      const int64_t needed_bytes = (wanted * width + 7) / 8;
      if (cursor.left() < needed_bytes) corrupt("a miniblock runs past the end of the page");
      unpack_bits(cursor.here(), width, wanted, deltas.data());
      for (int64_t i = 0; i < wanted; ++i) {
        value = static_cast<int64_t>(static_cast<uint64_t>(value) + min_delta + deltas[i]);
        out.push_back(value);
      }
      cursor.advance(std::min(bytes, cursor.left()));
    }
  }
  return cursor.position();
}

int64_t decode_delta_length_byte_array(const uint8_t* data, int64_t size_bytes, int64_t max_values,
                                       std::vector<std::string_view>& out) {
  std::vector<int64_t> lengths;
  int64_t position = decode_delta_binary_packed(data, size_bytes, max_values, lengths);
  out.clear();
  out.reserve(lengths.size());
  for (int64_t length : lengths) {
    if (length < 0 || length > size_bytes - position) corrupt("a string runs past the end of the page");
    out.emplace_back(reinterpret_cast<const char*>(data + position), static_cast<size_t>(length));
    position += length;
  }
  return position;
}

void decode_delta_byte_array(const uint8_t* data, int64_t size_bytes, int64_t max_values, std::string& storage,
                             std::vector<std::string_view>& out) {
  std::vector<int64_t> prefixes;
  int64_t position = decode_delta_binary_packed(data, size_bytes, max_values, prefixes);
  std::vector<std::string_view> suffixes;
  decode_delta_length_byte_array(data + position, size_bytes - position, max_values, suffixes);
  if (suffixes.size() != prefixes.size()) corrupt("prefix and suffix counts differ");
  // Size the storage first so that views into it stay valid.
  uint64_t total = 0;
  int64_t previous_length = 0;
  for (size_t i = 0; i < prefixes.size(); ++i) {
    if (prefixes[i] < 0 || prefixes[i] > previous_length) corrupt("a prefix is longer than the previous value");
    previous_length = prefixes[i] + static_cast<int64_t>(suffixes[i].size());
    total += static_cast<uint64_t>(previous_length);
    if (total > (uint64_t(1) << 34)) corrupt("values expand past 16 GiB");
  }
  storage.clear();
  // Padded: readers copy short strings 16 bytes at a time.
  storage.resize(total + Buffer::kSlackBytes);
  out.clear();
  out.reserve(prefixes.size());
  size_t offset = 0;
  std::string_view previous;
  for (size_t i = 0; i < prefixes.size(); ++i) {
    char* target = storage.data() + offset;
    std::copy_n(previous.data(), prefixes[i], target);
    std::copy_n(suffixes[i].data(), suffixes[i].size(), target + prefixes[i]);
    const size_t length = static_cast<size_t>(prefixes[i]) + suffixes[i].size();
    previous = std::string_view(target, length);
    out.push_back(previous);
    offset += length;
  }
}

std::string encode_delta_binary_packed(const int64_t* values, int64_t count) {
  std::string bytes;
  auto varint = [&](uint64_t value) {
    while (value >= 0x80) {
      bytes.push_back(static_cast<char>((value & 0x7f) | 0x80));
      value >>= 7;
    }
    bytes.push_back(static_cast<char>(value));
  };
  auto zigzag = [&](int64_t value) { varint((static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63)); };
  constexpr int64_t kBlock = 128, kMiniblocks = 4, kPerMiniblock = 32;
  varint(kBlock);
  varint(kMiniblocks);
  varint(static_cast<uint64_t>(count));
  zigzag(count > 0 ? values[0] : 0);
  for (int64_t start = 1; start < count; start += kBlock) {
    const int64_t end = std::min(count, start + kBlock);
    std::vector<uint64_t> deltas;
    int64_t min_delta = INT64_MAX;
    for (int64_t i = start; i < end; ++i) {
      int64_t delta = static_cast<int64_t>(static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(values[i - 1]));
      min_delta = std::min(min_delta, delta);
      deltas.push_back(static_cast<uint64_t>(delta));
    }
    for (auto& delta : deltas) delta -= static_cast<uint64_t>(min_delta);
    deltas.resize(kBlock, 0);
    zigzag(min_delta);
    uint8_t widths[kMiniblocks];
    for (int m = 0; m < kMiniblocks; ++m) {
      uint64_t max_value = 0;
      for (int64_t i = 0; i < kPerMiniblock; ++i) max_value = std::max(max_value, deltas[m * kPerMiniblock + i]);
      widths[m] = static_cast<uint8_t>(bit_width_for(max_value));
      bytes.push_back(static_cast<char>(widths[m]));
    }
    for (int m = 0; m < kMiniblocks; ++m) {
      const size_t first = bytes.size();
      bytes.resize(first + static_cast<size_t>(kPerMiniblock * widths[m] / 8), 0);
      auto* out = reinterpret_cast<uint8_t*>(bytes.data() + first);
      int64_t bit = 0;
      for (int64_t i = 0; i < kPerMiniblock; ++i)
        for (int b = 0; b < widths[m]; ++b, ++bit)
          if ((deltas[m * kPerMiniblock + i] >> b) & 1) out[bit >> 3] |= uint8_t(1u << (bit & 7));
    }
  }
  return bytes;
}

}  // namespace lode::io::parquet
