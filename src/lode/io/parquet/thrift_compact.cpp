#include "lode/io/parquet/thrift_compact.h"

#include <cstring>

#include "lode/core/error.h"

namespace lode::io::parquet {

namespace {

constexpr int kMaxDepth = 64;

int64_t zigzag_decode(uint64_t value) { return static_cast<int64_t>((value >> 1) ^ (~(value & 1) + 1)); }
uint64_t zigzag_encode(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}

}  // namespace

ThriftReader::ThriftReader(const uint8_t* data, int64_t size_bytes, std::string what)
    : data_(data), size_bytes_(size_bytes), what_(std::move(what)) {}

void ThriftReader::fail(const std::string& message) const {
  throw ParseError("corrupt Parquet " + what_ + ": " + message,
                   ErrorContext{.byte_offset = position_,
                                .hint = "the file is damaged or not a Parquet file"});
}

uint8_t ThriftReader::next_byte() {
  if (position_ >= size_bytes_) fail("it ends early");
  return data_[position_++];
}

uint64_t ThriftReader::read_varint() {
  uint64_t result = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    uint8_t byte = next_byte();
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return result;
  }
  fail("a varint is longer than 10 bytes");
}

void ThriftReader::begin_struct() {
  if (++depth_ >= kMaxDepth) fail("structures nest deeper than 64 levels");
  last_field_ids_[depth_] = 0;
}

void ThriftReader::end_struct() { --depth_; }

ThriftField ThriftReader::read_field() {
  uint8_t header = next_byte();
  ThriftField field;
  field.type = static_cast<ThriftType>(header & 0x0f);
  if (field.type == ThriftType::kStop) return field;
  if (static_cast<uint8_t>(field.type) > static_cast<uint8_t>(ThriftType::kStruct))
    fail("unknown field type " + std::to_string(header & 0x0f));
  const int delta = header >> 4;
  field.id = delta != 0 ? static_cast<int16_t>(last_field_ids_[depth_] + delta) : read_i16();
  last_field_ids_[depth_] = field.id;
  return field;
}

bool ThriftReader::read_bool(const ThriftField& field) { return field.type == ThriftType::kBoolTrue; }

bool ThriftReader::read_list_bool() { return next_byte() == 1; }

int8_t ThriftReader::read_byte() { return static_cast<int8_t>(next_byte()); }

int16_t ThriftReader::read_i16() { return static_cast<int16_t>(zigzag_decode(read_varint())); }

int32_t ThriftReader::read_i32() {
  int64_t value = zigzag_decode(read_varint());
  if (value < INT32_MIN || value > INT32_MAX) fail("an i32 value is out of range");
  return static_cast<int32_t>(value);
}

int64_t ThriftReader::read_i64() { return zigzag_decode(read_varint()); }

double ThriftReader::read_double() {
  if (size_bytes_ - position_ < 8) fail("it ends inside a double");
  double value;
  std::memcpy(&value, data_ + position_, 8);
  position_ += 8;
  return value;
}

std::string_view ThriftReader::read_binary_view() {
  uint64_t length = read_varint();
  if (length > static_cast<uint64_t>(size_bytes_ - position_))
    fail("a string of " + std::to_string(length) + " bytes runs past the end");
  std::string_view view(reinterpret_cast<const char*>(data_ + position_), length);
  position_ += static_cast<int64_t>(length);
  return view;
}

std::string ThriftReader::read_string() { return std::string(read_binary_view()); }

ThriftList ThriftReader::read_list_header() {
  uint8_t header = next_byte();
  ThriftList list;
  list.element_type = static_cast<ThriftType>(header & 0x0f);
  uint64_t size = header >> 4;
  if (size == 15) size = read_varint();
  // Every element takes at least one byte, so a list cannot be longer than
  // what is left: this caps any allocation by the input's size.
  if (size > static_cast<uint64_t>(size_bytes_ - position_))
    fail("a list of " + std::to_string(size) + " elements runs past the end");
  list.size = static_cast<int64_t>(size);
  list_elements_ += list.size;
  if (list_elements_ > kMaxListElements) fail("its lists hold more than " + std::to_string(kMaxListElements) + " elements");
  return list;
}

void ThriftReader::skip(ThriftType type) {
  switch (type) {
    case ThriftType::kBoolTrue: case ThriftType::kBoolFalse: case ThriftType::kByte:
      next_byte();
      return;
    case ThriftType::kI16: case ThriftType::kI32: case ThriftType::kI64:
      read_varint();
      return;
    case ThriftType::kDouble: read_double(); return;
    case ThriftType::kBinary: read_binary_view(); return;
    case ThriftType::kList: case ThriftType::kSet: {
      ThriftList list = read_list_header();
      if (++depth_ >= kMaxDepth) fail("structures nest deeper than 64 levels");
      for (int64_t i = 0; i < list.size; ++i) skip(list.element_type);
      --depth_;
      return;
    }
    case ThriftType::kMap: {
      uint64_t size = read_varint();
      if (size == 0) return;
      if (size > static_cast<uint64_t>(size_bytes_ - position_)) fail("a map runs past the end");
      uint8_t types = next_byte();
      if (++depth_ >= kMaxDepth) fail("structures nest deeper than 64 levels");
      for (uint64_t i = 0; i < size; ++i) {
        skip(static_cast<ThriftType>(types >> 4));
        skip(static_cast<ThriftType>(types & 0x0f));
      }
      --depth_;
      return;
    }
    case ThriftType::kStruct: {
      begin_struct();
      for (ThriftField field = read_field(); !field.is_stop(); field = read_field()) {
        if (field.type != ThriftType::kBoolTrue && field.type != ThriftType::kBoolFalse) skip(field.type);
      }
      end_struct();
      return;
    }
    case ThriftType::kStop: break;
  }
  fail("unknown value type " + std::to_string(static_cast<int>(type)));
}

void ThriftWriter::write_varint(uint64_t value) {
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void ThriftWriter::begin_struct() {
  LODE_CHECK(depth_ + 1 < kMaxDepth, "thrift writer nests too deep");
  last_field_ids_[++depth_] = 0;
}

void ThriftWriter::end_struct() {
  bytes_.push_back(0);
  --depth_;
}

void ThriftWriter::write_field(int16_t id, ThriftType type) {
  const int delta = id - last_field_ids_[depth_];
  if (delta > 0 && delta <= 15) {
    bytes_.push_back(static_cast<char>((delta << 4) | static_cast<uint8_t>(type)));
  } else {
    bytes_.push_back(static_cast<char>(type));
    write_varint(zigzag_encode(id));
  }
  last_field_ids_[depth_] = id;
}

void ThriftWriter::write_bool_field(int16_t id, bool value) {
  write_field(id, value ? ThriftType::kBoolTrue : ThriftType::kBoolFalse);
}

void ThriftWriter::write_i32_field(int16_t id, int32_t value) {
  write_field(id, ThriftType::kI32);
  write_i32(value);
}

void ThriftWriter::write_i64_field(int16_t id, int64_t value) {
  write_field(id, ThriftType::kI64);
  write_i64(value);
}

void ThriftWriter::write_binary_field(int16_t id, std::string_view value) {
  write_field(id, ThriftType::kBinary);
  write_binary(value);
}

void ThriftWriter::write_list_field(int16_t id, ThriftType element_type, int64_t size) {
  write_field(id, ThriftType::kList);
  const uint8_t type = static_cast<uint8_t>(element_type);
  if (size < 15) {
    bytes_.push_back(static_cast<char>((size << 4) | type));
  } else {
    bytes_.push_back(static_cast<char>(0xf0 | type));
    write_varint(static_cast<uint64_t>(size));
  }
}

void ThriftWriter::write_i32(int32_t value) { write_varint(zigzag_encode(value)); }
void ThriftWriter::write_i64(int64_t value) { write_varint(zigzag_encode(value)); }

void ThriftWriter::write_binary(std::string_view value) {
  write_varint(value.size());
  bytes_.append(value);
}

}  // namespace lode::io::parquet
