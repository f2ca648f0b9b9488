#include "lode/io/parquet/rle_bit_packed.h"

#include <algorithm>
#include <array>
#include <utility>
#include <bit>
#include <cstring>

namespace lode::io::parquet {

void unpack_bits(const uint8_t* data, int bit_width, int64_t count, uint64_t* out) {
  if (bit_width == 0) {
    std::fill(out, out + count, 0);
    return;
  }
  const uint64_t mask = bit_width == 64 ? ~uint64_t(0) : (uint64_t(1) << bit_width) - 1;
  int64_t bit = 0;
  for (int64_t i = 0; i < count; ++i, bit += bit_width) {
    const int64_t byte = bit >> 3;
    const int shift = static_cast<int>(bit & 7);
    // Gather the up to 9 bytes this value touches, without reading past its last byte.
    const int bytes_needed = (shift + bit_width + 7) / 8;
    uint64_t low = 0;
    std::memcpy(&low, data + byte, static_cast<size_t>(std::min(bytes_needed, 8)));
    uint64_t value = low >> shift;
    if (bytes_needed > 8) value |= static_cast<uint64_t>(data[byte + 8]) << (64 - shift);
    out[i] = value & mask;
  }
}

namespace {

// Groups of 8 values, W bytes each, with every shift known at compile time;
// each value is one 8-byte load, so the caller leaves 8 bytes after the
// last group.
template <int W>
void unpack_groups(const uint8_t* data, int64_t groups, uint32_t* out) {
  constexpr uint64_t kMask = (uint64_t(1) << W) - 1;
  for (int64_t group = 0; group < groups; ++group, data += W, out += 8) {
#pragma GCC unroll 8
    for (int j = 0; j < 8; ++j) {
      uint64_t word;
      std::memcpy(&word, data + (j * W) / 8, 8);
      out[j] = static_cast<uint32_t>((word >> ((j * W) % 8)) & kMask);
    }
  }
}

using GroupUnpacker = void (*)(const uint8_t*, int64_t, uint32_t*);

template <size_t... W>
constexpr std::array<GroupUnpacker, sizeof...(W)> group_unpackers(std::index_sequence<W...>) {
  return {unpack_groups<static_cast<int>(W) + 1>...};
}

constexpr auto kGroupUnpackers = group_unpackers(std::make_index_sequence<32>());

}  // namespace

void unpack_bits32(const uint8_t* data, int64_t size_bytes, int64_t first_bit, int bit_width, int64_t count,
                   uint32_t* out) {
  if (bit_width == 0) {
    std::fill(out, out + count, 0);
    return;
  }
  const uint64_t mask = (uint64_t(1) << bit_width) - 1;
  int64_t bit = first_bit;
  int64_t i = 0;
  // Whole groups from a group boundary (a multiple of 8 values, so a byte
  // boundary), while 8 bytes past them stay inside the data.
  if (first_bit % (8 * bit_width) == 0) {
    const int64_t byte = first_bit / 8;
    const int64_t room = (size_bytes - byte - 8) / bit_width;  // groups with 8 bytes after them
    const int64_t groups = std::min(count / 8, room);
    if (groups > 0) {
      kGroupUnpackers[bit_width - 1](data + byte, groups, out);
      i = groups * 8;
      bit += groups * 8 * bit_width;
    }
  }
  // Fast path: whole 8-byte loads while they stay inside the data.
  for (; i < count && (bit >> 3) + 8 <= size_bytes; ++i, bit += bit_width) {
    uint64_t word;
    std::memcpy(&word, data + (bit >> 3), 8);
    out[i] = static_cast<uint32_t>((word >> (bit & 7)) & mask);
  }
  for (; i < count; ++i, bit += bit_width) {
    const int shift = static_cast<int>(bit & 7);
    uint64_t word = 0;
    std::memcpy(&word, data + (bit >> 3), static_cast<size_t>((shift + bit_width + 7) / 8));
    out[i] = static_cast<uint32_t>((word >> shift) & mask);
  }
}

int bit_width_for(uint64_t max_value) { return max_value == 0 ? 0 : 64 - std::countl_zero(max_value); }

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t* data, int64_t size_bytes, int bit_width)
    : data_(data), size_bytes_(size_bytes), bit_width_(bit_width) {}

bool RleBitPackedDecoder::next_run() {
  uint64_t header = 0;
  for (int shift = 0;; shift += 7) {
    if (position_ >= size_bytes_ || shift > 63) return false;
    uint8_t byte = data_[position_++];
    header |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (header & 1) {
    // Bit-packed: header >> 1 groups of 8 values. A final group may be cut
    // short by the end of the data; only whole values are taken.
    const uint64_t groups = header >> 1;
    const int64_t bytes_left = size_bytes_ - position_;
    const uint64_t bytes_wanted = groups * static_cast<uint64_t>(bit_width_);
    const int64_t bytes = bytes_wanted > static_cast<uint64_t>(bytes_left) ? bytes_left : static_cast<int64_t>(bytes_wanted);
    packed_left_ = bit_width_ == 0 ? static_cast<int64_t>(std::min<uint64_t>(groups * 8, INT32_MAX))
                                   : bytes * 8 / bit_width_;
    packed_data_ = data_ + position_;
    packed_bytes_ = bytes;
    packed_index_ = 0;
    position_ += bytes;
    return packed_left_ > 0;
  }
  const int value_bytes = (bit_width_ + 7) / 8;
  if (size_bytes_ - position_ < value_bytes) return false;
  uint32_t value = 0;
  std::memcpy(&value, data_ + position_, static_cast<size_t>(value_bytes));
  position_ += value_bytes;
  repeat_value_ = value;
  repeat_left_ = static_cast<int64_t>(std::min<uint64_t>(header >> 1, INT64_MAX / 2));
  return repeat_left_ > 0 || next_run();
}

int64_t RleBitPackedDecoder::read(uint32_t* out, int64_t count) {
  int64_t done = 0;
  while (done < count) {
    if (repeat_left_ > 0) {
      const int64_t take = std::min(repeat_left_, count - done);
      std::fill(out + done, out + done + take, repeat_value_);
      repeat_left_ -= take;
      done += take;
    } else if (packed_left_ > 0) {
      const int64_t take = std::min(packed_left_, count - done);
      unpack_bits32(packed_data_, packed_bytes_, packed_index_ * bit_width_, bit_width_, take, out + done);
      packed_index_ += take;
      packed_left_ -= take;
      done += take;
    } else if (!next_run()) {
      break;
    }
  }
  return done;
}

int64_t RleBitPackedDecoder::read_repeat(int64_t limit, uint32_t& value) {
  if (repeat_left_ == 0 && packed_left_ == 0 && !next_run()) return 0;
  const int64_t take = std::min(repeat_left_, limit);
  value = repeat_value_;
  repeat_left_ -= take;
  return take;
}

int64_t RleBitPackedDecoder::read_packed(uint32_t* out, int64_t limit) {
  if (repeat_left_ == 0 && packed_left_ == 0 && !next_run()) return 0;
  const int64_t take = std::min(packed_left_, limit);
  if (take == 0) return 0;
  unpack_bits32(packed_data_, packed_bytes_, packed_index_ * bit_width_, bit_width_, take, out);
  packed_index_ += take;
  packed_left_ -= take;
  return take;
}

void RleBitPackedEncoder::write_varint(uint64_t value) {
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void RleBitPackedEncoder::write_rle_run(uint32_t value, int64_t length) {
  write_varint(static_cast<uint64_t>(length) << 1);
  const int value_bytes = (bit_width_ + 7) / 8;
  for (int i = 0; i < value_bytes; ++i) bytes_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// Writes pending values as bit-packed groups (padding the last group with zeros).
void RleBitPackedEncoder::flush_packed(bool final_group) {
  if (pending_.empty()) return;
  const int64_t groups = (static_cast<int64_t>(pending_.size()) + 7) / 8;
  write_varint((static_cast<uint64_t>(groups) << 1) | 1);
  uint64_t accumulator = 0;
  int accumulated_bits = 0;
  for (uint32_t value : pending_) {
    accumulator |= static_cast<uint64_t>(value) << accumulated_bits;
    accumulated_bits += bit_width_;
    while (accumulated_bits >= 8) {
      bytes_.push_back(static_cast<char>(accumulator & 0xff));
      accumulator >>= 8;
      accumulated_bits -= 8;
    }
  }
  // Pad the last group of 8 values with zero bits.
  const int64_t padding_values = groups * 8 - static_cast<int64_t>(pending_.size());
  accumulated_bits += static_cast<int>(padding_values) * bit_width_;
  while (accumulated_bits > 0) {
    bytes_.push_back(static_cast<char>(accumulator & 0xff));
    accumulator >>= 8;
    accumulated_bits -= 8;
  }
  pending_.clear();
}

void RleBitPackedEncoder::append_run(uint32_t value, int64_t count) {
  if (count >= 8 && pending_.size() % 8 == 0) {
    // Earlier values fill whole bit-packed groups, so the run can follow them.
    flush_packed(false);
    write_rle_run(value, count);
    return;
  }
  pending_.insert(pending_.end(), static_cast<size_t>(count), value);
}

std::string RleBitPackedEncoder::finish() {
  // Split the values into runs: a repeat of 8+ values that starts on a group
  // boundary of the pending bit-packed values becomes an RLE run.
  std::vector<uint32_t> values = std::move(pending_);
  pending_.clear();
  size_t index = 0;
  while (index < values.size()) {
    size_t run_end = index + 1;
    while (run_end < values.size() && values[run_end] == values[index]) ++run_end;
    const size_t run = run_end - index;
    if (run >= 8 && pending_.size() % 8 == 0) {
      flush_packed(false);
      write_rle_run(values[index], static_cast<int64_t>(run));
      index = run_end;
      continue;
    }
    pending_.push_back(values[index]);
    ++index;
    if (pending_.size() >= 504) flush_packed(false);  // keep group counts small
  }
  flush_packed(true);
  return std::move(bytes_);
}

}  // namespace lode::io::parquet
