#include "lode/io/spill/batch_codec.h"

#include <zlib.h>

#include <cstring>

#include "lode/core/bitmap.h"
#include "lode/core/error.h"
#include "lode/io/parquet/compression.h"

namespace lode::io::spill {

namespace {

constexpr uint32_t kMagic = 0x4250534c;  // "LSPB"
constexpr uint8_t kVersion = 1;
constexpr int kMaxTypeDepth = 64;

// ---- writing ----

class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  template <typename T>
  void put(T value) {
    out_.append(reinterpret_cast<const char*>(&value), sizeof(T));
  }
  void put_bytes(std::string_view bytes) { out_.append(bytes); }
  void put_text(std::string_view text) {
    put<uint32_t>(static_cast<uint32_t>(text.size()));
    out_.append(text);
  }

 private:
  std::string& out_;
};

void put_type(Writer& header, const DataType& type) {
  header.put<uint8_t>(static_cast<uint8_t>(type.id));
  header.put<uint8_t>(type.precision);
  header.put<uint8_t>(type.scale);
  header.put_text(type.timezone);
  header.put<uint32_t>(static_cast<uint32_t>(type.children.size()));
  for (size_t i = 0; i < type.children.size(); ++i) {
    header.put_text(type.id == TypeId::kStruct ? std::string_view(type.field_names[i]) : std::string_view());
    put_type(header, type.children[i]);
  }
}

// Appends `count` bits from bit `first` of `bits` to `payload`, re-based to bit 0.
void put_bits(std::string& payload, const uint8_t* bits, int64_t first, int64_t count) {
  const int64_t bytes = bitmap::num_bytes(count);
  if (first % 8 == 0) {
    payload.append(reinterpret_cast<const char*>(bits + first / 8), bytes);
    return;
  }
  const size_t at = payload.size();
  payload.append(bytes, '\0');
  auto* out = reinterpret_cast<uint8_t*>(payload.data() + at);
  for (int64_t i = 0; i < count; ++i)
    if (bitmap::get(bits, first + i)) bitmap::set(out, i);
}

// Appends n + 1 offsets less the first, so that they start at 0.
void put_offsets(Writer& header, std::string& payload, const int64_t* offsets, int64_t n) {
  header.put<uint64_t>(static_cast<uint64_t>((n + 1) * 8));
  for (int64_t i = 0; i <= n; ++i) {
    const int64_t rebased = offsets[i] - offsets[0];
    payload.append(reinterpret_cast<const char*>(&rebased), 8);
  }
}

// A column node: its length, whether it has validity, its buffers' sizes
// (in the header) and bytes (in the payload), then its children.
void put_column(Writer& header, std::string& payload, const Column& column) {
  const int64_t n = column.length();
  header.put<int64_t>(n);
  header.put<uint8_t>(column.null_count() > 0);
  if (column.null_count() > 0) {
    header.put<uint64_t>(static_cast<uint64_t>(bitmap::num_bytes(n)));
    put_bits(payload, column.validity_bits(), column.offset(), n);
  }
  const DataType& type = column.type();
  switch (type.id) {
    case TypeId::kBool:
      header.put<uint64_t>(static_cast<uint64_t>(bitmap::num_bytes(n)));
      put_bits(payload, column.values_buffer()->data(), column.offset(), n);
      return;
    case TypeId::kString: {
      const int64_t* offsets = column.string_offsets();
      put_offsets(header, payload, offsets, n);
      const int64_t bytes = offsets[n] - offsets[0];
      header.put<uint64_t>(static_cast<uint64_t>(bytes));
      payload.append(column.string_bytes() + offsets[0], bytes);
      return;
    }
    case TypeId::kList: {
      const int64_t* offsets = column.list_offsets();
      put_offsets(header, payload, offsets, n);
      put_column(header, payload, *column.list_elements()->slice(offsets[0], offsets[n] - offsets[0]));
      return;
    }
    case TypeId::kStruct:
      for (size_t i = 0; i < column.num_fields(); ++i) put_column(header, payload, *column.field(i));
      return;
    default: {
      const int64_t bytes = n * type.byte_width();
      header.put<uint64_t>(static_cast<uint64_t>(bytes));
      payload.append(reinterpret_cast<const char*>(column.value_bytes()), bytes);
    }
  }
}

parquet::Codec parquet_codec(SpillCodec codec) {
  return codec == SpillCodec::kLz4 ? parquet::Codec::kLz4Raw : parquet::Codec::kZstd;
}

// The CRC of the prelude's fields before it, the header and the stored payload.
uint32_t crc_of(std::string_view prelude, std::string_view header, std::string_view payload) {
  uLong crc = crc32_z(0L, Z_NULL, 0);
  crc = crc32_z(crc, reinterpret_cast<const Bytef*>(prelude.data()), kFramePreludeBytes - 4);
  crc = crc32_z(crc, reinterpret_cast<const Bytef*>(header.data()), header.size());
  crc = crc32_z(crc, reinterpret_cast<const Bytef*>(payload.data()), payload.size());
  return static_cast<uint32_t>(crc);
}

// ---- reading ----

class Reader {
 public:
  Reader(std::string_view bytes, const std::string& where) : bytes_(bytes), where_(where) {}
  template <typename T>
  T get() {
    T value;
    std::memcpy(&value, take(sizeof(T)).data(), sizeof(T));
    return value;
  }
  std::string_view take(uint64_t size) {
    if (size > bytes_.size() - at_) fail("its header ends early");
    std::string_view part = bytes_.substr(at_, size);
    at_ += size;
    return part;
  }
  std::string get_text() { return std::string(take(get<uint32_t>())); }
  bool done() const { return at_ == bytes_.size(); }
  [[noreturn]] void fail(const std::string& what) const {
    throw ParseError("damaged spill frame: " + what, ErrorContext{.path = where_});
  }

 private:
  std::string_view bytes_;
  size_t at_ = 0;
  const std::string& where_;
};

DataType get_type(Reader& header, int depth) {
  if (depth > kMaxTypeDepth) header.fail("its types nest too deep");
  DataType type;
  const auto id = header.get<uint8_t>();
  if (id > static_cast<uint8_t>(TypeId::kStruct)) header.fail("an unknown type id " + std::to_string(id));
  type.id = static_cast<TypeId>(id);
  type.precision = header.get<uint8_t>();
  type.scale = header.get<uint8_t>();
  type.timezone = header.get_text();
  const auto children = header.get<uint32_t>();
  if ((type.id == TypeId::kList && children != 1) || (type.id != TypeId::kList && type.id != TypeId::kStruct && children != 0))
    header.fail("a " + type.name() + " type with " + std::to_string(children) + " children");
  for (uint32_t i = 0; i < children; ++i) {
    std::string name = header.get_text();
    if (type.id == TypeId::kStruct) type.field_names.push_back(std::move(name));
    type.children.push_back(get_type(header, depth + 1));
  }
  return type;
}

// Builds columns from the payload, checking each size against the header's
// layout before any buffer is allocated.
class ColumnReader {
 public:
  ColumnReader(Reader& header, std::string_view payload) : header_(header), payload_(payload) {}

  std::shared_ptr<Column> column(const DataType& type, int64_t expected_length) {
    const auto n = header_.get<int64_t>();
    if (n < 0 || (expected_length >= 0 && n != expected_length))
      header_.fail("a column of " + std::to_string(n) + " rows where " + std::to_string(expected_length) + " belong");
    std::shared_ptr<Buffer> validity;
    if (header_.get<uint8_t>() != 0) validity = buffer(bitmap::num_bytes(n), "validity");
    switch (type.id) {
      case TypeId::kBool:
        return std::make_shared<Column>(type, n, buffer(bitmap::num_bytes(n), "bool values"), validity);
      case TypeId::kString: {
        auto offsets = offsets_buffer(n);
        const int64_t last = offsets->data_as<int64_t>()[n];
        auto bytes = buffer(last, "string bytes");
        return std::make_shared<Column>(type, n, bytes, validity, offsets);
      }
      case TypeId::kList: {
        auto offsets = offsets_buffer(n);
        auto elements = column(type.element(), offsets->data_as<int64_t>()[n]);
        return Column::make_list(type, n, offsets, elements, validity);
      }
      case TypeId::kStruct: {
        std::vector<std::shared_ptr<Column>> fields;
        for (const DataType& field : type.children) fields.push_back(column(field, n));
        return Column::make_struct(type, n, std::move(fields), validity);
      }
      default:
        if (type.byte_width() <= 0) header_.fail("a column of type " + type.name() + " without a width");
        return std::make_shared<Column>(type, n, buffer(n * type.byte_width(), type.name() + " values"), validity);
    }
  }

  bool payload_used() const { return at_ == payload_.size(); }

 private:
  // The next buffer, whose size the header gives and must be `expected`.
  std::shared_ptr<Buffer> buffer(int64_t expected, const std::string& what) {
    const auto size = header_.get<uint64_t>();
    if (size != static_cast<uint64_t>(expected))
      header_.fail(what + " of " + std::to_string(size) + " bytes where " + std::to_string(expected) + " belong");
    if (size > payload_.size() - at_) header_.fail(what + " past the end of the payload");
    auto out = Buffer::allocate(static_cast<int64_t>(size));
    std::memcpy(out->data(), payload_.data() + at_, size);
    at_ += size;
    return out;
  }

  // n + 1 offsets from 0, never decreasing.
  std::shared_ptr<Buffer> offsets_buffer(int64_t n) {
    auto offsets = buffer((n + 1) * 8, "offsets");
    const int64_t* values = offsets->data_as<int64_t>();
    if (values[0] != 0) header_.fail("offsets that do not start at 0");
    for (int64_t i = 0; i < n; ++i)
      if (values[i + 1] < values[i]) header_.fail("decreasing offsets at row " + std::to_string(i));
    return offsets;
  }

  Reader& header_;
  std::string_view payload_;
  size_t at_ = 0;
};

struct Prelude {
  SpillCodec codec;
  uint32_t header_size;
  uint64_t raw_size, stored_size;
  uint32_t crc;
};

Prelude read_prelude(std::string_view bytes, const std::string& where) {
  Reader reader(bytes.substr(0, kFramePreludeBytes), where);
  if (bytes.size() < static_cast<size_t>(kFramePreludeBytes)) reader.fail("it is shorter than its prelude");
  if (reader.get<uint32_t>() != kMagic) reader.fail("it does not start with the spill magic");
  const auto version = reader.get<uint8_t>();
  if (version != kVersion) reader.fail("version " + std::to_string(version) + ", not " + std::to_string(kVersion));
  Prelude prelude;
  const auto codec = reader.get<uint8_t>();
  if (codec > static_cast<uint8_t>(SpillCodec::kZstd)) reader.fail("an unknown codec " + std::to_string(codec));
  prelude.codec = static_cast<SpillCodec>(codec);
  if (reader.get<uint16_t>() != 0) reader.fail("reserved bits set");
  prelude.header_size = reader.get<uint32_t>();
  prelude.raw_size = reader.get<uint64_t>();
  prelude.stored_size = reader.get<uint64_t>();
  prelude.crc = reader.get<uint32_t>();
  if (prelude.stored_size > (uint64_t{1} << 40) || prelude.raw_size > (uint64_t{1} << 40))
    reader.fail("a payload of implausible size");
  if (prelude.codec == SpillCodec::kNone && prelude.raw_size != prelude.stored_size)
    reader.fail("an uncompressed payload whose sizes differ");
  return prelude;
}

}  // namespace

int64_t encode_batch(const Batch& batch, SpillCodec codec, std::string& out) {
  std::string header_bytes, payload;
  Writer header(header_bytes);
  header.put<int64_t>(batch.num_rows());
  header.put<uint32_t>(static_cast<uint32_t>(batch.num_columns()));
  for (const auto& column : batch.columns()) {
    put_type(header, column->type());
    put_column(header, payload, *column->slice(0, batch.num_rows()));
  }
  std::string compressed;
  std::string_view stored = payload;
  if (codec != SpillCodec::kNone) {
    if (codec == SpillCodec::kLz4 && payload.size() > (size_t{1} << 30))
      throw NotSupportedError("a spilled batch of more than 1 GiB cannot be LZ4-compressed");
    parquet::compress(parquet_codec(codec), payload, compressed);
    stored = compressed;
  }
  const size_t start = out.size();
  Writer prelude(out);
  prelude.put<uint32_t>(kMagic);
  prelude.put<uint8_t>(kVersion);
  prelude.put<uint8_t>(static_cast<uint8_t>(codec));
  prelude.put<uint16_t>(0);
  prelude.put<uint32_t>(static_cast<uint32_t>(header_bytes.size()));
  prelude.put<uint64_t>(payload.size());
  prelude.put<uint64_t>(stored.size());
  prelude.put<uint32_t>(crc_of(std::string_view(out).substr(start), header_bytes, stored));
  out.append(header_bytes);
  out.append(stored);
  return static_cast<int64_t>(out.size() - start);
}

int64_t frame_size(std::string_view prelude_bytes, const std::string& where) {
  const Prelude prelude = read_prelude(prelude_bytes, where);
  return kFramePreludeBytes + prelude.header_size + static_cast<int64_t>(prelude.stored_size);
}

Batch decode_batch(std::string_view frame, const std::string& where) {
  const Prelude prelude = read_prelude(frame, where);
  Reader check(frame, where);
  if (frame.size() != kFramePreludeBytes + prelude.header_size + prelude.stored_size)
    check.fail("it holds " + std::to_string(frame.size()) + " bytes, its prelude says " +
               std::to_string(kFramePreludeBytes + prelude.header_size + prelude.stored_size));
  const std::string_view header_bytes = frame.substr(kFramePreludeBytes, prelude.header_size);
  const std::string_view stored = frame.substr(kFramePreludeBytes + prelude.header_size);
  if (crc_of(frame, header_bytes, stored) != prelude.crc) check.fail("its checksum does not match");

  std::string raw;
  std::string_view payload = stored;
  if (prelude.codec != SpillCodec::kNone) {
    raw.resize(prelude.raw_size);
    try {
      parquet::decompress(parquet_codec(prelude.codec), stored, reinterpret_cast<uint8_t*>(raw.data()),
                          static_cast<int64_t>(prelude.raw_size));
    } catch (const Error& error) {
      check.fail(std::string("its payload does not decompress: ") + error.message());
    }
    payload = raw;
  }
  Reader header(header_bytes, where);
  const auto num_rows = header.get<int64_t>();
  const auto num_columns = header.get<uint32_t>();
  if (num_rows < 0) header.fail("a negative row count");
  ColumnReader columns(header, payload);
  std::vector<std::shared_ptr<Column>> out;
  for (uint32_t i = 0; i < num_columns; ++i) {
    const DataType type = get_type(header, 0);
    out.push_back(columns.column(type, num_rows));
  }
  if (!header.done() || !columns.payload_used()) header.fail("bytes left after its last column");
  return Batch(std::move(out), num_rows);
}

}  // namespace lode::io::spill
