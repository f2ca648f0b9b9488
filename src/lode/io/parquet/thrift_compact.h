#pragma once
// The Thrift compact protocol, as Parquet uses it for its footer and page
// headers. ThriftReader decodes from a byte range it never reads past, with
// limits on nesting depth and on list and string sizes, so a lying header
// ends in a ParseError instead of an out-of-bounds read or a huge
// allocation. ThriftWriter encodes. Both are single-threaded values.

#include <cstdint>
#include <string>
#include <string_view>

namespace lode::io::parquet {

/// Compact protocol type codes (the low nibble of a field header).
enum class ThriftType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
};

struct ThriftField {
  int16_t id = 0;
  ThriftType type = ThriftType::kStop;
  bool is_stop() const { return type == ThriftType::kStop; }
};

/// The most list elements one structure may hold in all (a footer of 100,000
/// row groups of 100 columns has 10 million): caps the memory that decoding
/// a corrupt footer can take.
inline constexpr int64_t kMaxListElements = 16'000'000;

struct ThriftList {
  ThriftType element_type = ThriftType::kStop;
  int64_t size = 0;
};

class ThriftReader {
 public:
  /// Reads from [data, data + size_bytes); `what` names the structure in errors.
  ThriftReader(const uint8_t* data, int64_t size_bytes, std::string what);

  /// Enters a struct (call before its first field) and leaves it (after kStop).
  void begin_struct();
  void end_struct();
  ThriftField read_field();

  bool read_bool(const ThriftField& field);  // bools live in the field header
  bool read_list_bool();                     // bools inside a list take a byte
  int8_t read_byte();
  int16_t read_i16();
  int32_t read_i32();
  int64_t read_i64();
  double read_double();
  std::string read_string();
  /// Returns a view into the input (valid while the input lives).
  std::string_view read_binary_view();
  ThriftList read_list_header();

  /// Skips a value of `type` (nested structs, lists and maps included).
  void skip(ThriftType type);

  /// Returns how many bytes have been consumed.
  int64_t position() const { return position_; }

  /// Throws a ParseError naming the structure and the offset.
  [[noreturn]] void fail(const std::string& message) const;

 private:
  uint8_t next_byte();
  uint64_t read_varint();

  const uint8_t* data_;
  int64_t size_bytes_;
  int64_t position_ = 0;
  std::string what_;
  int depth_ = 0;
  int16_t last_field_ids_[64] = {};
  int64_t list_elements_ = 0;  // over all lists, against kMaxListElements
};

class ThriftWriter {
 public:
  void begin_struct();
  void end_struct();  // writes the stop byte
  void write_field(int16_t id, ThriftType type);

  void write_bool_field(int16_t id, bool value);
  void write_i32_field(int16_t id, int32_t value);
  void write_i64_field(int16_t id, int64_t value);
  void write_binary_field(int16_t id, std::string_view value);
  /// Starts a list field of `size` elements of `element_type`.
  void write_list_field(int16_t id, ThriftType element_type, int64_t size);

  void write_byte(int8_t value) { bytes_.push_back(static_cast<char>(value)); }
  void write_i32(int32_t value);
  void write_i64(int64_t value);
  void write_binary(std::string_view value);

  const std::string& bytes() const { return bytes_; }
  std::string take_bytes() { return std::move(bytes_); }

 private:
  void write_varint(uint64_t value);

  std::string bytes_;
  int depth_ = 0;
  int16_t last_field_ids_[64] = {};
};

}  // namespace lode::io::parquet
