#include "lode/io/parquet/column_chunk_writer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <type_traits>
#include <string_view>
#include <vector>

#include "lode/core/decimal.h"
#include "lode/core/error.h"
#include "lode/io/parquet/compression.h"
#include "lode/io/parquet/rle_bit_packed.h"

namespace lode::io::parquet {

namespace {

constexpr size_t kMaxStatisticBytes = 256;

PhysicalType physical_type_for(const DataType& type) {
  switch (type.id) {
    case TypeId::kBool: return PhysicalType::kBoolean;
    case TypeId::kInt8: case TypeId::kInt16: case TypeId::kInt32: case TypeId::kUInt8: case TypeId::kUInt16:
    case TypeId::kUInt32: case TypeId::kDate32: return PhysicalType::kInt32;
    case TypeId::kInt64: case TypeId::kUInt64: case TypeId::kTimestamp: return PhysicalType::kInt64;
    case TypeId::kFloat32: return PhysicalType::kFloat;
    case TypeId::kFloat64: return PhysicalType::kDouble;
    case TypeId::kString: return PhysicalType::kByteArray;
    case TypeId::kDecimal128:
      return type.precision <= 9 ? PhysicalType::kInt32
             : type.precision <= 18 ? PhysicalType::kInt64 : PhysicalType::kFixedLenByteArray;
    case TypeId::kList: case TypeId::kStruct: break;  // leaves are never nested
  }
  return PhysicalType::kInt64;
}

int physical_width_for(PhysicalType type) {
  switch (type) {
    case PhysicalType::kInt32: case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64: case PhysicalType::kDouble: return 8;
    case PhysicalType::kFixedLenByteArray: return 16;
    default: return 0;
  }
}

// Writes row `row` of `column` (not null) as its PLAIN physical bytes.
void physical_value(const Column& column, int64_t row, uint8_t* out) {
  const DataType& type = column.type();
  auto put32 = [&](int32_t value) { std::memcpy(out, &value, 4); };
  switch (type.id) {
    case TypeId::kInt8: put32(column.values<int8_t>()[row]); return;
    case TypeId::kInt16: put32(column.values<int16_t>()[row]); return;
    case TypeId::kUInt8: put32(column.values<uint8_t>()[row]); return;
    case TypeId::kUInt16: put32(column.values<uint16_t>()[row]); return;
    case TypeId::kDecimal128: {
      const Int128 value = column.values<Int128>()[row];
      if (type.precision <= 9) put32(static_cast<int32_t>(value));
      else if (type.precision <= 18) { int64_t narrow = static_cast<int64_t>(value); std::memcpy(out, &narrow, 8); }
      else for (int i = 0; i < 16; ++i) out[i] = static_cast<uint8_t>(static_cast<unsigned __int128>(value) >> (8 * (15 - i)));
      return;
    }
    default:
      std::memcpy(out, column.value_bytes() + row * type.byte_width(), type.byte_width());
  }
}

// Orders two non-null rows the way Parquet's statistics order them.
bool row_less(const Column& column, int64_t a, int64_t b) {
  switch (column.type().id) {
    case TypeId::kBool: return column.bool_at(a) < column.bool_at(b);
    case TypeId::kInt8: return column.values<int8_t>()[a] < column.values<int8_t>()[b];
    case TypeId::kInt16: return column.values<int16_t>()[a] < column.values<int16_t>()[b];
    case TypeId::kInt32: case TypeId::kDate32: return column.values<int32_t>()[a] < column.values<int32_t>()[b];
    case TypeId::kInt64: case TypeId::kTimestamp: return column.values<int64_t>()[a] < column.values<int64_t>()[b];
    case TypeId::kUInt8: return column.values<uint8_t>()[a] < column.values<uint8_t>()[b];
    case TypeId::kUInt16: return column.values<uint16_t>()[a] < column.values<uint16_t>()[b];
    case TypeId::kUInt32: return column.values<uint32_t>()[a] < column.values<uint32_t>()[b];
    case TypeId::kUInt64: return column.values<uint64_t>()[a] < column.values<uint64_t>()[b];
    case TypeId::kFloat32: return column.values<float>()[a] < column.values<float>()[b];
    case TypeId::kFloat64: return column.values<double>()[a] < column.values<double>()[b];
    case TypeId::kDecimal128: return column.values<Int128>()[a] < column.values<Int128>()[b];
    case TypeId::kString: return column.string_at(a) < column.string_at(b);
    case TypeId::kList: case TypeId::kStruct: break;  // leaves are never nested
  }
  return false;
}

std::string statistic_bytes(const Column& column, int64_t row) {
  if (column.type().id == TypeId::kString) return std::string(column.string_at(row));
  if (column.type().id == TypeId::kBool) return std::string(1, column.bool_at(row) ? 1 : 0);
  uint8_t bytes[16];
  physical_value(column, row, bytes);
  return std::string(reinterpret_cast<char*>(bytes), physical_width_for(physical_type_for(column.type())));
}

// Finds the rows of the smallest and largest non-null, non-NaN values.
template <typename T>
void min_max_rows(const Column& column, int64_t& min_row, int64_t& max_row) {
  const T* values = column.values<T>();
  const bool has_nulls = column.null_count() > 0;
  for (int64_t row = 0; row < column.length(); ++row) {
    if (has_nulls && column.is_null(row)) continue;
    const T value = values[row];
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(value)) continue;
    }
    if (min_row < 0) {
      min_row = max_row = row;
      continue;
    }
    if (value < values[min_row]) min_row = row;
    if (values[max_row] < value) max_row = row;
  }
}

void min_max_rows_generic(const Column& column, int64_t& min_row, int64_t& max_row) {
  for (int64_t row = 0; row < column.length(); ++row) {
    if (column.is_null(row)) continue;
    if (min_row < 0 || row_less(column, row, min_row)) min_row = row;
    if (max_row < 0 || row_less(column, max_row, row)) max_row = row;
  }
}

Statistics compute_statistics(const Column& column) {
  Statistics statistics;
  statistics.null_count = column.null_count();
  int64_t min_row = -1, max_row = -1;
  switch (column.type().id) {
    case TypeId::kInt8: min_max_rows<int8_t>(column, min_row, max_row); break;
    case TypeId::kInt16: min_max_rows<int16_t>(column, min_row, max_row); break;
    case TypeId::kInt32: case TypeId::kDate32: min_max_rows<int32_t>(column, min_row, max_row); break;
    case TypeId::kInt64: case TypeId::kTimestamp: min_max_rows<int64_t>(column, min_row, max_row); break;
    case TypeId::kUInt8: min_max_rows<uint8_t>(column, min_row, max_row); break;
    case TypeId::kUInt16: min_max_rows<uint16_t>(column, min_row, max_row); break;
    case TypeId::kUInt32: min_max_rows<uint32_t>(column, min_row, max_row); break;
    case TypeId::kUInt64: min_max_rows<uint64_t>(column, min_row, max_row); break;
    case TypeId::kFloat32: min_max_rows<float>(column, min_row, max_row); break;
    case TypeId::kFloat64: min_max_rows<double>(column, min_row, max_row); break;
    case TypeId::kDecimal128: min_max_rows<Int128>(column, min_row, max_row); break;
    default: min_max_rows_generic(column, min_row, max_row); break;
  }
  if (min_row >= 0) {
    std::string min = statistic_bytes(column, min_row), max = statistic_bytes(column, max_row);
    if (min.size() <= kMaxStatisticBytes && max.size() <= kMaxStatisticBytes) {
      statistics.min_value = std::move(min);
      statistics.max_value = std::move(max);
    }
  }
  return statistics;
}

// The non-null values of a column in PLAIN physical form, plus views of them.
struct PhysicalValues {
  std::string bytes;                     // fixed-width values back to back
  std::vector<std::string_view> views;   // one per non-null value
  std::vector<uint8_t> booleans;
};

PhysicalValues physical_values(const Column& column, PhysicalType physical) {
  PhysicalValues result;
  const int64_t valid = column.length() - column.null_count();
  result.views.reserve(static_cast<size_t>(valid));
  if (physical == PhysicalType::kBoolean) {
    for (int64_t row = 0; row < column.length(); ++row)
      if (column.is_valid(row)) result.booleans.push_back(column.bool_at(row));
    return result;
  }
  if (physical == PhysicalType::kByteArray) {
    for (int64_t row = 0; row < column.length(); ++row)
      if (column.is_valid(row)) result.views.push_back(column.string_at(row));
    return result;
  }
  const int width = physical_width_for(physical);
  result.bytes.resize(static_cast<size_t>(valid * width));
  auto* out = reinterpret_cast<uint8_t*>(result.bytes.data());
  if (column.null_count() == 0 && column.type().byte_width() == width && column.type().id != TypeId::kDecimal128) {
    std::memcpy(out, column.value_bytes(), static_cast<size_t>(valid * width));  // same layout
  } else {
    int64_t next = 0;
    for (int64_t row = 0; row < column.length(); ++row)
      if (column.is_valid(row)) physical_value(column, row, out + width * next++);
  }
  for (int64_t i = 0; i < valid; ++i) result.views.emplace_back(result.bytes.data() + i * width, width);
  return result;
}

void append_plain(std::string& out, PhysicalType physical, const PhysicalValues& values, int64_t first,
                  int64_t count) {
  if (physical == PhysicalType::kBoolean) {
    const size_t start = out.size();
    out.resize(start + static_cast<size_t>((count + 7) / 8), 0);
    for (int64_t i = 0; i < count; ++i)
      if (values.booleans[first + i]) out[start + i / 8] |= static_cast<char>(1 << (i % 8));
    return;
  }
  for (int64_t i = first; i < first + count; ++i) {
    const std::string_view value = values.views[i];
    if (physical == PhysicalType::kByteArray) {
      const uint32_t length = static_cast<uint32_t>(value.size());
      out.append(reinterpret_cast<const char*>(&length), 4);
    }
    out.append(value);
  }
}

struct Dictionary {
  std::vector<std::string_view> entries;
  std::vector<uint32_t> indices;  // one per non-null value
};

// Hashes a value; for values of up to 8 bytes the hash is a bijection of
// (bytes, size), so equal hashes and sizes mean equal values.
uint64_t hash_bytes(std::string_view value) {
  uint64_t word = 0;
  if (value.size() <= 8) {
    std::memcpy(&word, value.data(), value.size());
    word ^= static_cast<uint64_t>(value.size()) << 59;
  } else {
    word = std::hash<std::string_view>()(value);
  }
  word *= 0x9E3779B97F4A7C15ull;
  return word ^ (word >> 32);
}

// Builds a dictionary of the values with an open-addressing hash table
// (Fibonacci hashing: the slot is the hash's top bits); nullopt when it
// grows past the limit or the first values look mostly distinct.
std::optional<Dictionary> build_dictionary(const PhysicalValues& values, PhysicalType physical, int64_t limit_bytes) {
  constexpr size_t kSampleValues = 8192;
  Dictionary dictionary;
  dictionary.indices.resize(values.views.size());
  int shift = 64 - 10;
  std::vector<int32_t> slots(size_t(1) << (64 - shift), -1);
  std::vector<uint64_t> hashes;
  int64_t size_bytes = 0;
  const int64_t overhead = physical == PhysicalType::kByteArray ? 4 : 0;
  const size_t num_values = values.views.size();
  for (size_t index = 0; index < num_values; ++index) {
    const std::string_view value = values.views[index];
    const uint64_t hash = hash_bytes(value);
    const size_t mask = slots.size() - 1;
    size_t slot = static_cast<size_t>(hash >> shift);
    int32_t entry;
    while ((entry = slots[slot]) >= 0) {
      const std::string_view candidate = dictionary.entries[entry];
      if (hashes[entry] == hash && candidate.size() == value.size() &&
          (value.size() <= 8 || std::memcmp(candidate.data(), value.data(), value.size()) == 0))
        break;
      slot = (slot + 1) & mask;
    }
    if (entry < 0) {
      entry = static_cast<int32_t>(dictionary.entries.size());
      slots[slot] = entry;
      dictionary.entries.push_back(value);
      hashes.push_back(hash);
      size_bytes += static_cast<int64_t>(value.size()) + overhead;
      if (size_bytes > limit_bytes) return std::nullopt;
      if (dictionary.entries.size() * 2 > slots.size()) {
        --shift;
        slots.assign(slots.size() * 2, -1);
        const size_t new_mask = slots.size() - 1;
        for (size_t existing = 0; existing < hashes.size(); ++existing) {
          size_t position = static_cast<size_t>(hashes[existing] >> shift);
          while (slots[position] >= 0) position = (position + 1) & new_mask;
          slots[position] = static_cast<int32_t>(existing);
        }
      }
    }
    if (index + 1 == kSampleValues && dictionary.entries.size() * 4 > kSampleValues * 3) return std::nullopt;
    dictionary.indices[index] = static_cast<uint32_t>(entry);
  }
  return dictionary;
}

void append_u32(std::string& out, uint32_t value) { out.append(reinterpret_cast<const char*>(&value), 4); }

// Compresses a page body (into `scratch`), writes its header and body to `out`.
void write_page(std::string& out, PageHeader header, const std::string& body, Codec codec, ColumnMetaData& meta,
                std::string& scratch) {
  std::string_view compressed = body;
  if (codec != Codec::kUncompressed) {
    compress(codec, body, scratch);
    compressed = scratch;
  }
  if (body.size() > INT32_MAX || compressed.size() > INT32_MAX)
    throw NotSupportedError("a Parquet page would exceed 2 GiB", ErrorContext{.hint = "use a smaller row_group_size"});
  header.uncompressed_page_size = static_cast<int32_t>(body.size());
  header.compressed_page_size = static_cast<int32_t>(compressed.size());
  const std::string header_bytes = encode_page_header(header);
  out += header_bytes;
  out += compressed;
  meta.total_uncompressed_size += static_cast<int64_t>(header_bytes.size() + body.size());
  meta.total_compressed_size += static_cast<int64_t>(header_bytes.size() + compressed.size());
}

// Returns the bytes of the column's values in PLAIN form.
int64_t estimated_bytes(const Column& column, const PhysicalValues& values) {
  if (column.type().id == TypeId::kString)
    return column.string_offsets()[column.length()] - column.string_offsets()[0] + 4 * column.length();
  return static_cast<int64_t>(values.bytes.size()) + static_cast<int64_t>(values.booleans.size() / 8);
}

int64_t rows_per_page(const Column& column, const PhysicalValues& values, int64_t limit_bytes) {
  const int64_t total_bytes = estimated_bytes(column, values);
  const int64_t per_row = std::max<int64_t>(1, total_bytes / std::max<int64_t>(1, column.length()));
  return std::max<int64_t>(1024, limit_bytes / per_row);
}

}  // namespace

SchemaElement schema_element_for(const std::string& name, const DataType& type) {
  SchemaElement element;
  element.name = name;
  element.type = physical_type_for(type);
  element.repetition = Repetition::kOptional;
  LogicalType logical;
  switch (type.id) {
    case TypeId::kInt8: case TypeId::kInt16: case TypeId::kUInt8: case TypeId::kUInt16: case TypeId::kUInt32:
    case TypeId::kUInt64: {
      static const std::pair<TypeId, ConvertedType> kConverted[] = {
          {TypeId::kInt8, ConvertedType::kInt8}, {TypeId::kInt16, ConvertedType::kInt16},
          {TypeId::kUInt8, ConvertedType::kUint8}, {TypeId::kUInt16, ConvertedType::kUint16},
          {TypeId::kUInt32, ConvertedType::kUint32}, {TypeId::kUInt64, ConvertedType::kUint64}};
      for (const auto& [id, converted] : kConverted)
        if (id == type.id) element.converted_type = converted;
      logical.kind = LogicalType::kInteger;
      logical.bit_width = static_cast<int8_t>(type.byte_width() * 8);
      logical.is_signed = type.is_signed_integer();
      element.logical_type = logical;
      break;
    }
    case TypeId::kString:
      element.converted_type = ConvertedType::kUtf8;
      logical.kind = LogicalType::kString;
      element.logical_type = logical;
      break;
    case TypeId::kDate32:
      element.converted_type = ConvertedType::kDate;
      logical.kind = LogicalType::kDate;
      element.logical_type = logical;
      break;
    case TypeId::kTimestamp:
      logical.kind = LogicalType::kTimestamp;
      logical.unit = TimeUnit::kMicros;
      logical.adjusted_to_utc = !type.timezone.empty();
      if (logical.adjusted_to_utc) element.converted_type = ConvertedType::kTimestampMicros;
      element.logical_type = logical;
      break;
    case TypeId::kDecimal128:
      element.converted_type = ConvertedType::kDecimal;
      element.precision = type.precision;
      element.scale = type.scale;
      if (element.type == PhysicalType::kFixedLenByteArray) element.type_length = 16;
      logical.kind = LogicalType::kDecimal;
      logical.precision = type.precision;
      logical.scale = type.scale;
      element.logical_type = logical;
      break;
    default: break;
  }
  return element;
}

namespace {

// Writes a page's levels: a flat column's validity as definition levels of
// width 1, or a nested leaf's repetition then definition levels, each with
// its 4-byte length (data page v1). Returns the page's non-null values.
int64_t append_levels(std::string& body, const Column& column, const ChunkLevels* levels, int64_t first, int64_t count) {
  int64_t valid = count;
  if (levels == nullptr) {
    RleBitPackedEncoder definition(1);
    if (column.null_count() > 0) {
      valid = 0;
      for (int64_t row = first; row < first + count; ++row) {
        const bool is_valid = column.is_valid(row);
        definition.append(is_valid ? 1 : 0);
        valid += is_valid;
      }
    } else {
      definition.append_run(1, count);
    }
    const std::string bytes = definition.finish();
    append_u32(body, static_cast<uint32_t>(bytes.size()));
    body += bytes;
    return valid;
  }
  if (levels->max_repetition > 0) {
    RleBitPackedEncoder repetition(bit_width_for(levels->max_repetition));
    for (int64_t i = first; i < first + count; ++i) repetition.append(levels->repetition[i]);
    const std::string bytes = repetition.finish();
    append_u32(body, static_cast<uint32_t>(bytes.size()));
    body += bytes;
  }
  RleBitPackedEncoder definition(bit_width_for(levels->max_definition));
  valid = 0;
  for (int64_t i = first; i < first + count; ++i) {
    definition.append(levels->definition[i]);
    valid += levels->definition[i] == levels->max_definition;
  }
  const std::string bytes = definition.finish();
  append_u32(body, static_cast<uint32_t>(bytes.size()));
  body += bytes;
  return valid;
}

// Returns the values of the page starting at `first`: about `page_rows`,
// extended so that the next page starts a record (repetition level 0).
int64_t page_values(const Column& column, const ChunkLevels* levels, int64_t first, int64_t page_rows) {
  int64_t count = std::min(page_rows, column.length() - first);
  if (levels != nullptr)
    while (first + count < column.length() && levels->repetition[first + count] != 0) ++count;
  return count;
}

}  // namespace

EncodedChunk encode_column_chunk(const Column& column, const std::vector<std::string>& path,
                                 const ChunkWriteOptions& options, const ChunkLevels* levels) {
  EncodedChunk chunk;
  ColumnMetaData& meta = chunk.meta;
  const PhysicalType physical = physical_type_for(column.type());
  meta.type = physical;
  meta.path_in_schema = path;
  meta.codec = options.codec;
  meta.num_values = column.length();
  meta.statistics = compute_statistics(column);

  const PhysicalValues values = physical_values(column, physical);
  std::optional<Dictionary> dictionary;
  if (options.dictionary && physical != PhysicalType::kBoolean && !values.views.empty())
    dictionary = build_dictionary(values, physical, options.dictionary_limit_bytes);
  const Encoding value_encoding = dictionary ? Encoding::kRleDictionary : Encoding::kPlain;
  meta.all_data_pages_dictionary = dictionary.has_value();
  meta.encodings = {Encoding::kPlain, Encoding::kRle};
  if (dictionary) meta.encodings.push_back(Encoding::kRleDictionary);

  // Room for the whole chunk uncompressed: reserved, not touched, so the
  // chunk never moves as pages arrive.
  chunk.bytes.reserve(static_cast<size_t>(estimated_bytes(column, values) + 4096));
  std::string scratch, body;
  if (dictionary) {
    PhysicalValues entries;
    entries.views = dictionary->entries;
    append_plain(body, physical, entries, 0, static_cast<int64_t>(entries.views.size()));
    PageHeader header;
    header.type = PageType::kDictionaryPage;
    header.dictionary_page = DictionaryPageHeader{static_cast<int32_t>(entries.views.size()), Encoding::kPlain};
    meta.dictionary_page_offset = 0;
    write_page(chunk.bytes, header, body, options.codec, meta, scratch);
  }
  meta.data_page_offset = static_cast<int64_t>(chunk.bytes.size());
  const int bit_width = dictionary ? std::max(1, bit_width_for(dictionary->entries.size() - 1)) : 0;
  const int64_t page_rows = rows_per_page(column, values, options.page_limit_bytes);
  int64_t next_value = 0;
  for (int64_t first_row = 0, rows = 0; first_row < column.length() || first_row == 0; first_row += rows) {
    rows = page_values(column, levels, first_row, page_rows);
    body.clear();
    const int64_t valid = append_levels(body, column, levels, first_row, rows);
    if (dictionary) {
      body.push_back(static_cast<char>(bit_width));
      RleBitPackedEncoder indices(bit_width);
      for (int64_t i = next_value; i < next_value + valid; ++i) indices.append(dictionary->indices[i]);
      body += indices.finish();
    } else {
      append_plain(body, physical, values, next_value, valid);
    }
    next_value += valid;
    PageHeader header;
    header.type = PageType::kDataPage;
    header.data_page = DataPageHeader{static_cast<int32_t>(rows), value_encoding, Encoding::kRle, Encoding::kRle};
    write_page(chunk.bytes, header, body, options.codec, meta, scratch);
    if (column.length() == 0) break;
  }
  return chunk;
}

}  // namespace lode::io::parquet
