#include "lode/io/parquet/column_chunk_reader.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/io/parquet/compression.h"
#include "lode/io/parquet/delta_encoding.h"
#include "lode/io/parquet/rle_bit_packed.h"

namespace lode::io::parquet {

namespace {

constexpr int64_t kMaxPageBytes = int64_t(1) << 30;

[[noreturn]] void corrupt(const ColumnDescriptor& column, const std::string& what) {
  throw ParseError("corrupt Parquet column chunk: " + what,
                   ErrorContext{.column = column.name, .hint = "the file is damaged or was written wrongly"});
}

bool is_dictionary_encoding(Encoding encoding) {
  return encoding == Encoding::kPlainDictionary || encoding == Encoding::kRleDictionary;
}

const char* encoding_name(Encoding encoding) {
  switch (encoding) {
    case Encoding::kPlain: return "PLAIN";
    case Encoding::kPlainDictionary: return "PLAIN_DICTIONARY";
    case Encoding::kRle: return "RLE";
    case Encoding::kBitPacked: return "BIT_PACKED";
    case Encoding::kDeltaBinaryPacked: return "DELTA_BINARY_PACKED";
    case Encoding::kDeltaLengthByteArray: return "DELTA_LENGTH_BYTE_ARRAY";
    case Encoding::kDeltaByteArray: return "DELTA_BYTE_ARRAY";
    case Encoding::kRleDictionary: return "RLE_DICTIONARY";
    case Encoding::kByteStreamSplit: return "BYTE_STREAM_SPLIT";
  }
  return "an unknown encoding";
}

// Everything one chunk's decoding accumulates: the output buffers, the
// dictionary, and scratch space reused from page to page.
struct ChunkState {
  const ColumnDescriptor& column;
  Codec codec;
  int64_t num_rows;
  int64_t rows_done = 0;
  int64_t values_done = 0;  // rows that hold a value (not null)
  bool is_string = false;
  int width = 0;  // storage bytes per value (fixed-width targets)

  std::shared_ptr<Buffer> values, validity, offsets, string_bytes;
  int64_t string_size = 0;

  bool has_dictionary = false;
  int64_t dictionary_size = 0;
  std::vector<uint8_t> dictionary_fixed;
  std::string dictionary_storage;
  std::vector<std::string_view> dictionary_views;

  std::shared_ptr<Buffer> decompressed;  // accounted to the memory manager
  std::vector<uint8_t> physical;
  std::vector<uint32_t> indices, levels;
  std::vector<std::string_view> views;
  std::string view_storage;
  std::vector<int64_t> integers;

  bool keep_levels = false;  // a nested column's leaf: keep every entry's levels
  std::vector<int16_t> repetition, definition;

  ChunkState(const ColumnDescriptor& descriptor, Codec chunk_codec, int64_t rows)
      : column(descriptor), codec(chunk_codec), num_rows(rows) {}
};

void allocate_outputs(ChunkState& state) {
  const ColumnDescriptor& column = state.column;
  state.is_string = column.type.id == TypeId::kString;
  state.width = state.is_string ? 0 : column.storage_width();
  if (state.is_string) {
    state.offsets = Buffer::allocate((state.num_rows + 1) * 8, true);
    state.string_bytes = Buffer::allocate(0);
  } else {
    state.values = Buffer::allocate(state.num_rows * state.width);
  }
  if (column.max_definition_level > 0) state.validity = Buffer::allocate(bitmap::num_bytes(state.num_rows), true);
}

// Returns the page's uncompressed bytes (the page itself when not compressed).
const uint8_t* uncompress(ChunkState& state, const uint8_t* page, int64_t compressed_size,
                          int64_t uncompressed_size, bool is_compressed) {
  if (state.codec == Codec::kUncompressed || !is_compressed || (compressed_size == 0 && uncompressed_size == 0)) {
    if (compressed_size != uncompressed_size)
      corrupt(state.column, "an uncompressed page of " + std::to_string(compressed_size) +
                                " bytes claims " + std::to_string(uncompressed_size));
    return page;
  }
  const std::string_view input(reinterpret_cast<const char*>(page), static_cast<size_t>(compressed_size));
  if (!plausible_size(state.codec, input, uncompressed_size))
    corrupt(state.column, "a " + std::string(codec_name(state.codec)) + " page of " + std::to_string(compressed_size) +
                              " bytes cannot hold the " + std::to_string(uncompressed_size) + " bytes its header claims");
  if (!state.decompressed || state.decompressed->size_bytes() < uncompressed_size)
    state.decompressed = Buffer::allocate(uncompressed_size);
  decompress(state.codec, input, state.decompressed->data(), uncompressed_size);
  return state.decompressed->data();
}

// ---- value decoders: each reads `count` values, checking the bytes first.

void read_plain_views(ChunkState& state, const uint8_t* data, int64_t size, int64_t count,
                      std::vector<std::string_view>& out) {
  out.clear();
  out.reserve(static_cast<size_t>(count));
  if (state.column.physical_type == PhysicalType::kFixedLenByteArray) {
    const int64_t width = state.column.type_length;
    if (count * width > size) corrupt(state.column, "the page holds fewer values than it claims");
    for (int64_t i = 0; i < count; ++i) out.emplace_back(reinterpret_cast<const char*>(data + i * width), width);
    return;
  }
  int64_t position = 0;
  for (int64_t i = 0; i < count; ++i) {
    if (size - position < 4) corrupt(state.column, "the page holds fewer values than it claims");
    uint32_t length;
    std::memcpy(&length, data + position, 4);
    position += 4;
    if (length > static_cast<uint64_t>(size - position)) corrupt(state.column, "a string runs past the end of its page");
    out.emplace_back(reinterpret_cast<const char*>(data + position), length);
    position += length;
  }
}

void read_byte_stream_split(ChunkState& state, const uint8_t* data, int64_t size, int64_t count) {
  const int width = state.column.physical_width();
  if (width == 0) corrupt(state.column, "BYTE_STREAM_SPLIT on a variable-length column");
  if (count * width > size) corrupt(state.column, "the page holds fewer values than it claims");
  // Padded: string views into it are copied 16 bytes at a time (copy_string).
  state.physical.resize(static_cast<size_t>(count * width + Buffer::kSlackBytes));
  for (int byte = 0; byte < width; ++byte) {
    const uint8_t* stream = data + byte * count;
    for (int64_t i = 0; i < count; ++i) state.physical[i * width + byte] = stream[i];
  }
}

void read_indices(ChunkState& state, const uint8_t* data, int64_t size, int64_t count) {
  if (!state.has_dictionary) corrupt(state.column, "a dictionary-encoded page comes without a dictionary page");
  if (size < 1) corrupt(state.column, "a dictionary-encoded page is empty");
  const int bit_width = data[0];
  if (bit_width > 32) corrupt(state.column, "dictionary index bit width " + std::to_string(bit_width));
  state.indices.resize(static_cast<size_t>(count));
  RleBitPackedDecoder decoder(data + 1, size - 1, bit_width);
  if (decoder.read(state.indices.data(), count) != count)
    corrupt(state.column, "the page holds fewer dictionary indices than values");
  for (int64_t i = 0; i < count; ++i)
    if (state.indices[i] >= static_cast<uint64_t>(state.dictionary_size))
      corrupt(state.column, "dictionary index " + std::to_string(state.indices[i]) + " is past the dictionary's " +
                                std::to_string(state.dictionary_size) + " entries");
}

template <typename T>
void gather(const uint8_t* dictionary, const uint32_t* indices, int64_t count, uint8_t* target) {
  const T* source = reinterpret_cast<const T*>(dictionary);
  T* out = reinterpret_cast<T*>(target);
  for (int64_t i = 0; i < count; ++i) std::memcpy(out + i, source + indices[i], sizeof(T));
}

void gather_fixed(ChunkState& state, int64_t count, uint8_t* target) {
  const uint8_t* dictionary = state.dictionary_fixed.data();
  switch (state.width) {
    case 1: gather<uint8_t>(dictionary, state.indices.data(), count, target); return;
    case 2: gather<uint16_t>(dictionary, state.indices.data(), count, target); return;
    case 4: gather<uint32_t>(dictionary, state.indices.data(), count, target); return;
    case 8: gather<uint64_t>(dictionary, state.indices.data(), count, target); return;
    default:
      for (int64_t i = 0; i < count; ++i)
        std::memcpy(target + i * state.width, dictionary + state.indices[i] * state.width, state.width);
  }
}

void read_booleans(ChunkState& state, Encoding encoding, const uint8_t* data, int64_t size, int64_t count,
                   uint8_t* target) {
  if (encoding == Encoding::kPlain) {
    if ((count + 7) / 8 > size) corrupt(state.column, "the page holds fewer booleans than it claims");
    for (int64_t i = 0; i < count; ++i) target[i] = bitmap::get(data, i);
    return;
  }
  if (size < 4) corrupt(state.column, "an RLE boolean page is too short");
  uint32_t length;
  std::memcpy(&length, data, 4);
  if (length > static_cast<uint64_t>(size - 4)) corrupt(state.column, "RLE booleans run past the end of the page");
  state.indices.resize(static_cast<size_t>(count));
  RleBitPackedDecoder decoder(data + 4, length, 1);
  if (decoder.read(state.indices.data(), count) != count)
    corrupt(state.column, "the page holds fewer booleans than it claims");
  for (int64_t i = 0; i < count; ++i) target[i] = static_cast<uint8_t>(state.indices[i] & 1);
}

void read_delta_integers(ChunkState& state, const uint8_t* data, int64_t size, int64_t count) {
  const PhysicalType physical = state.column.physical_type;
  if (physical != PhysicalType::kInt32 && physical != PhysicalType::kInt64)
    corrupt(state.column, "DELTA_BINARY_PACKED on a column that is not INT32 or INT64");
  decode_delta_binary_packed(data, size, count, state.integers);
  if (static_cast<int64_t>(state.integers.size()) != count)
    corrupt(state.column, "the page holds fewer values than it claims");
  const int width = state.column.physical_width();
  state.physical.resize(static_cast<size_t>(count * width));
  for (int64_t i = 0; i < count; ++i) {
    if (width == 4) {
      int32_t value = static_cast<int32_t>(state.integers[i]);
      std::memcpy(state.physical.data() + i * 4, &value, 4);
    } else {
      std::memcpy(state.physical.data() + i * 8, &state.integers[i], 8);
    }
  }
}

// Decodes byte-string values (strings, or bytes for decimals) into `out`.
void read_views(ChunkState& state, Encoding encoding, const uint8_t* data, int64_t size, int64_t count,
                std::vector<std::string_view>& out) {
  switch (encoding) {
    case Encoding::kPlain: read_plain_views(state, data, size, count, out); return;
    case Encoding::kPlainDictionary: case Encoding::kRleDictionary:
      read_indices(state, data, size, count);
      out.resize(static_cast<size_t>(count));
      for (int64_t i = 0; i < count; ++i) out[i] = state.dictionary_views[state.indices[i]];
      return;
    case Encoding::kDeltaLengthByteArray:
      if (state.column.physical_type != PhysicalType::kByteArray) break;
      decode_delta_length_byte_array(data, size, count, out);
      if (static_cast<int64_t>(out.size()) != count) corrupt(state.column, "the page holds fewer values than it claims");
      return;
    case Encoding::kDeltaByteArray:
      decode_delta_byte_array(data, size, count, state.view_storage, out);
      if (static_cast<int64_t>(out.size()) != count) corrupt(state.column, "the page holds fewer values than it claims");
      return;
    case Encoding::kByteStreamSplit: {
      read_byte_stream_split(state, data, size, count);
      const int width = state.column.physical_width();
      out.resize(static_cast<size_t>(count));
      for (int64_t i = 0; i < count; ++i)
        out[i] = std::string_view(reinterpret_cast<const char*>(state.physical.data()) + i * width, width);
      return;
    }
    default: break;
  }
  throw NotSupportedError(std::string("Parquet encoding ") + encoding_name(encoding) + " on a " +
                              (state.column.physical_type == PhysicalType::kByteArray ? "BYTE_ARRAY" : "FIXED_LEN_BYTE_ARRAY") +
                              " column is not supported",
                          ErrorContext{.column = state.column.name});
}

bool is_byte_physical(const ColumnDescriptor& column) {
  return column.physical_type == PhysicalType::kByteArray || column.physical_type == PhysicalType::kFixedLenByteArray;
}

// Decodes `count` values into fixed-width storage at `target`.
void read_fixed(ChunkState& state, Encoding encoding, const uint8_t* data, int64_t size, int64_t count,
                uint8_t* target) {
  const ColumnDescriptor& column = state.column;
  if (is_dictionary_encoding(encoding)) {
    read_indices(state, data, size, count);
    gather_fixed(state, count, target);
    return;
  }
  if (column.physical_type == PhysicalType::kBoolean) {
    if (encoding != Encoding::kPlain && encoding != Encoding::kRle)
      throw NotSupportedError(std::string("Parquet encoding ") + encoding_name(encoding) + " on a BOOLEAN column",
                              ErrorContext{.column = column.name});
    read_booleans(state, encoding, data, size, count, target);
    return;
  }
  if (is_byte_physical(column) && encoding != Encoding::kByteStreamSplit &&
      !(encoding == Encoding::kPlain && column.physical_type == PhysicalType::kFixedLenByteArray)) {
    read_views(state, encoding, data, size, count, state.views);
    convert_bytes_to_fixed(column, state.views.data(), count, target);
    return;
  }
  const int width = column.physical_width();
  switch (encoding) {
    case Encoding::kPlain:
      if (count * width > size) corrupt(column, "the page holds fewer values than it claims");
      convert_fixed(column, data, count, target);
      return;
    case Encoding::kByteStreamSplit:
      read_byte_stream_split(state, data, size, count);
      convert_fixed(column, state.physical.data(), count, target);
      return;
    case Encoding::kDeltaBinaryPacked:
      read_delta_integers(state, data, size, count);
      convert_fixed(column, state.physical.data(), count, target);
      return;
    default: break;
  }
  throw NotSupportedError(std::string("Parquet encoding ") + encoding_name(encoding) + " is not supported for this column",
                          ErrorContext{.column = column.name});
}

// Moves `dense` values at the front of [target, ...) to their rows, leaving
// zeros in null rows. `valid` says which of the `count` rows hold a value.
void spread_fixed(uint8_t* target, int width, const uint8_t* validity, int64_t first_row, int64_t count,
                  int64_t dense) {
  int64_t source = dense - 1;
  for (int64_t row = count - 1; row >= 0; --row) {
    uint8_t* slot = target + row * width;
    if (bitmap::get(validity, first_row + row)) {
      if (source != row) std::memmove(slot, target + source * width, width);
      --source;
    } else {
      std::memset(slot, 0, width);
    }
  }
}

void format_uuid(std::string_view bytes, char* out) {
  static const char kHex[] = "0123456789abcdef";
  int position = 0;
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out[position++] = '-';
    const uint8_t byte = static_cast<uint8_t>(bytes[i]);
    out[position++] = kHex[byte >> 4];
    out[position++] = kHex[byte & 15];
  }
}

// Makes room for `more` string bytes after the output's current ones;
// returns the output bytes.
char* string_room(ChunkState& state, int64_t more) {
  const int64_t needed = state.string_size + more;
  if (needed > state.string_bytes->size_bytes())
    state.string_bytes->resize(std::max(needed, state.string_bytes->size_bytes() * 2));
  return reinterpret_cast<char*>(state.string_bytes->data());
}

// Copies a string's bytes to `to`; a short one as one 16-byte move, without
// a call. Views point into Buffers (pages) or storage padded by
// Buffer::kSlackBytes (dictionary, delta, byte-stream-split), and the
// output keeps its slack, so both sides have the 16 bytes.
inline void copy_string(char* to, std::string_view view) {
  static_assert(Buffer::kSlackBytes >= 16);
  if (view.size() <= 16) std::memcpy(to, view.data(), 16);
  else std::memcpy(to, view.data(), view.size());
}

// Appends the page's string values (state.views) to the output, row by row.
void append_strings(ChunkState& state, int64_t count) {
  const bool uuid = state.column.conversion == Conversion::kUuidToString;
  int64_t total = 0;
  for (const auto& view : state.views) total += uuid ? 36 : static_cast<int64_t>(view.size());
  char* bytes = string_room(state, total);
  int64_t* offsets = state.offsets->data_as<int64_t>();
  const uint8_t* validity = state.validity ? state.validity->data() : nullptr;
  size_t next = 0;
  for (int64_t i = 0; i < count; ++i) {
    const int64_t row = state.rows_done + i;
    if (validity == nullptr || bitmap::get(validity, row)) {
      const std::string_view view = state.views[next++];
      if (uuid) {
        format_uuid(view, bytes + state.string_size);
        state.string_size += 36;
      } else {
        copy_string(bytes + state.string_size, view);
        state.string_size += static_cast<int64_t>(view.size());
      }
    }
    offsets[row + 1] = state.string_size;
  }
}

// A page's dictionary-encoded strings when every row holds one (the
// indices are in state.indices): each row's bytes straight from the
// dictionary, with no list of views in between.
void append_dictionary_strings(ChunkState& state, int64_t count) {
  const std::string_view* dictionary = state.dictionary_views.data();
  const uint32_t* indices = state.indices.data();
  int64_t total = 0;
  for (int64_t i = 0; i < count; ++i) total += static_cast<int64_t>(dictionary[indices[i]].size());
  char* bytes = string_room(state, total);
  int64_t* offsets = state.offsets->data_as<int64_t>() + state.rows_done + 1;
  int64_t size = state.string_size;
  for (int64_t i = 0; i < count; ++i) {
    const std::string_view view = dictionary[indices[i]];
    copy_string(bytes + size, view);
    size += static_cast<int64_t>(view.size());
    offsets[i] = size;
  }
  state.string_size = size;
}

// Decodes `count` levels into state.levels (the caller checks them against the maximum).
void read_levels(ChunkState& state, const uint8_t* data, int64_t size, int64_t count, int16_t max_level,
                 const char* what) {
  state.levels.resize(static_cast<size_t>(count));
  RleBitPackedDecoder decoder(data, size, bit_width_for(max_level));
  if (decoder.read(state.levels.data(), count) != count)
    corrupt(state.column, std::string("a page holds fewer ") + what + " levels than values (not enough levels)");
}

[[noreturn]] void level_above_maximum(ChunkState& state, const char* what, uint32_t level) {
  corrupt(state.column, std::string(what) + " level " + std::to_string(level) + " is above the column's maximum");
}

// Keeps a nested leaf's levels of one page (all zero when the column has none).
void keep_levels(ChunkState& state, std::vector<int16_t>& out, int64_t count, bool from_levels) {
  if (!state.keep_levels) return;
  if (from_levels) out.insert(out.end(), state.levels.begin(), state.levels.begin() + count);
  else out.resize(out.size() + static_cast<size_t>(count), 0);
}

void read_repetition_levels(ChunkState& state, const uint8_t* data, int64_t size, int64_t count) {
  read_levels(state, data, size, count, state.column.max_repetition_level, "repetition");
  for (int64_t i = 0; i < count; ++i)
    if (state.levels[i] > static_cast<uint32_t>(state.column.max_repetition_level))
      level_above_maximum(state, "repetition", state.levels[i]);
  keep_levels(state, state.repetition, count, true);
}

// Sets the validity bits of `count` rows from their definition levels at
// `levels` (those at the maximum hold a value); returns how many do.
int64_t set_valid_rows(ChunkState& state, const uint32_t* levels, int64_t first_row, int64_t count) {
  const uint32_t max_level = static_cast<uint32_t>(state.column.max_definition_level);
  uint8_t* validity = state.validity->data();
  int64_t valid = 0;
  for (int64_t i = 0; i < count; ++i) {
    if (levels[i] > max_level) level_above_maximum(state, "definition", levels[i]);
    if (levels[i] == max_level) {
      bitmap::set(validity, first_row + i);
      ++valid;
    }
  }
  return valid;
}

// A flat column's definition levels, run by run: an RLE run (most pages of
// a column without nulls are one) sets its validity bits at once.
int64_t read_flat_definition_levels(ChunkState& state, const uint8_t* data, int64_t size, int64_t count) {
  const uint32_t max_level = static_cast<uint32_t>(state.column.max_definition_level);
  RleBitPackedDecoder decoder(data, size, bit_width_for(max_level));
  state.levels.resize(static_cast<size_t>(std::min<int64_t>(count, 4096)));
  int64_t done = 0, valid = 0;
  while (done < count) {
    uint32_t level = 0;
    const int64_t row = state.rows_done + done;
    if (const int64_t run = decoder.read_repeat(count - done, level); run > 0) {
      if (level > max_level) level_above_maximum(state, "definition", level);
      if (level == max_level) {
        bitmap::set_range(state.validity->data(), row, run);
        valid += run;
      }
      done += run;
      continue;
    }
    const int64_t packed =
        decoder.read_packed(state.levels.data(), std::min<int64_t>(count - done, static_cast<int64_t>(state.levels.size())));
    if (packed == 0)
      corrupt(state.column, "a page holds fewer definition levels than values (not enough levels)");
    valid += set_valid_rows(state, state.levels.data(), row, packed);
    done += packed;
  }
  return valid;
}

// Decodes definition levels into the validity bitmap; returns the non-null count.
int64_t read_definition_levels(ChunkState& state, const uint8_t* data, int64_t size, int64_t count) {
  if (!state.keep_levels) return read_flat_definition_levels(state, data, size, count);
  read_levels(state, data, size, count, state.column.max_definition_level, "definition");
  keep_levels(state, state.definition, count, true);
  return set_valid_rows(state, state.levels.data(), state.rows_done, count);
}

void read_page_values(ChunkState& state, Encoding encoding, const uint8_t* data, int64_t size, int64_t num_values,
                      int64_t num_valid) {
  if (state.is_string) {
    if (is_dictionary_encoding(encoding) && num_valid == num_values &&
        state.column.conversion != Conversion::kUuidToString) {
      read_indices(state, data, size, num_valid);
      append_dictionary_strings(state, num_values);
    } else {
      read_views(state, encoding, data, size, num_valid, state.views);
      append_strings(state, num_values);
    }
  } else {
    uint8_t* target = state.values->data() + state.rows_done * state.width;
    read_fixed(state, encoding, data, size, num_valid, target);
    if (num_valid < num_values)
      spread_fixed(target, state.width, state.validity->data(), state.rows_done, num_values, num_valid);
  }
  state.rows_done += num_values;
  state.values_done += num_valid;
}

int64_t checked_num_values(ChunkState& state, int32_t num_values) {
  if (num_values < 0) corrupt(state.column, "a page header has a negative value count");
  if (num_values > state.num_rows - state.rows_done)
    corrupt(state.column, "the pages hold more values than " +
                              (state.keep_levels ? "the chunk's metadata says (" + std::to_string(state.num_rows) + ")"
                                                 : "the row group's " + std::to_string(state.num_rows) + " rows"));
  return num_values;
}

// Returns the byte length of a v1 page's RLE levels (after their 4-byte length).
int64_t level_bytes(ChunkState& state, const uint8_t* data, int64_t size, Encoding encoding, const char* what) {
  if (encoding != Encoding::kRle)
    throw NotSupportedError(std::string(what) + " levels encoded as " + encoding_name(encoding),
                            ErrorContext{.column = state.column.name});
  if (size < 4) corrupt(state.column, std::string("a data page is too short for its ") + what + " levels");
  uint32_t length;
  std::memcpy(&length, data, 4);
  if (length > static_cast<uint64_t>(size - 4))
    corrupt(state.column, std::string(what) + " levels run past the end of the page");
  return length;
}

void read_data_page_v1(ChunkState& state, const PageHeader& header, const uint8_t* page) {
  if (!header.data_page) corrupt(state.column, "a data page without its header");
  const DataPageHeader& data_header = *header.data_page;
  const int64_t num_values = checked_num_values(state, data_header.num_values);
  const int64_t size = header.uncompressed_page_size;
  const uint8_t* data = uncompress(state, page, header.compressed_page_size, size, true);
  int64_t position = 0;
  int64_t num_valid = num_values;
  if (state.column.max_repetition_level > 0) {
    const int64_t length = level_bytes(state, data, size, data_header.repetition_level_encoding, "repetition");
    read_repetition_levels(state, data + 4, length, num_values);
    position = 4 + length;
  } else {
    keep_levels(state, state.repetition, num_values, false);
  }
  if (state.column.max_definition_level > 0) {
    const int64_t length = level_bytes(state, data + position, size - position,
                                       data_header.definition_level_encoding, "definition");
    num_valid = read_definition_levels(state, data + position + 4, length, num_values);
    position += 4 + length;
  } else {
    keep_levels(state, state.definition, num_values, false);
  }
  read_page_values(state, data_header.encoding, data + position, size - position, num_values, num_valid);
}

void read_data_page_v2(ChunkState& state, const PageHeader& header, const uint8_t* page) {
  if (!header.data_page_v2) corrupt(state.column, "a v2 data page without its header");
  const DataPageHeaderV2& v2 = *header.data_page_v2;
  const int64_t num_values = checked_num_values(state, v2.num_values);
  const int64_t levels_size = int64_t(v2.repetition_levels_byte_length) + v2.definition_levels_byte_length;
  if (v2.repetition_levels_byte_length < 0 || v2.definition_levels_byte_length < 0 ||
      levels_size > header.compressed_page_size || levels_size > header.uncompressed_page_size)
    corrupt(state.column, "a v2 page's level lengths do not fit the page");
  int64_t num_valid = num_values;
  if (state.column.max_repetition_level > 0) read_repetition_levels(state, page, v2.repetition_levels_byte_length, num_values);
  else keep_levels(state, state.repetition, num_values, false);
  if (state.column.max_definition_level > 0)
    num_valid = read_definition_levels(state, page + v2.repetition_levels_byte_length,
                                       v2.definition_levels_byte_length, num_values);
  else keep_levels(state, state.definition, num_values, false);
  const int64_t values_size = header.uncompressed_page_size - levels_size;
  const uint8_t* values = uncompress(state, page + levels_size, header.compressed_page_size - levels_size,
                                     values_size, v2.is_compressed);
  read_page_values(state, v2.encoding, values, values_size, num_values, num_valid);
}

void read_dictionary_page(ChunkState& state, const PageHeader& header, const uint8_t* page) {
  if (!header.dictionary_page) corrupt(state.column, "a dictionary page without its header");
  if (state.has_dictionary) corrupt(state.column, "a second dictionary page");
  const int64_t count = header.dictionary_page->num_values;
  const int64_t size = header.uncompressed_page_size;
  if (count < 0) corrupt(state.column, "the dictionary page header has a negative value count " + std::to_string(count));
  // Check the count against the page before allocating for it.
  const ColumnDescriptor& column = state.column;
  const int64_t min_bytes = column.physical_type == PhysicalType::kByteArray ? 4 : column.physical_width();
  const bool fits = column.physical_type == PhysicalType::kBoolean ? (count + 7) / 8 <= size : count * min_bytes <= size;
  if (!fits) corrupt(state.column, "the dictionary claims more values (" + std::to_string(count) + ") than its page can hold");
  const uint8_t* data = uncompress(state, page, header.compressed_page_size, size, true);
  state.dictionary_size = count;
  state.has_dictionary = true;
  if (state.is_string) {
    state.dictionary_storage.assign(reinterpret_cast<const char*>(data), static_cast<size_t>(size));
    state.dictionary_storage.append(Buffer::kSlackBytes, '\0');  // padded for copy_string
    read_plain_views(state, reinterpret_cast<const uint8_t*>(state.dictionary_storage.data()), size, count,
                     state.dictionary_views);
    return;
  }
  state.dictionary_fixed.assign(static_cast<size_t>(count * state.width), 0);
  read_fixed(state, Encoding::kPlain, data, size, count, state.dictionary_fixed.data());
}

void read_page(ChunkState& state, const PageHeader& header, const uint8_t* page) {
  switch (header.type) {
    case PageType::kDictionaryPage: read_dictionary_page(state, header, page); return;
    case PageType::kDataPage: read_data_page_v1(state, header, page); return;
    case PageType::kDataPageV2: read_data_page_v2(state, header, page); return;
    case PageType::kIndexPage: return;
  }
}

std::shared_ptr<Column> finish(ChunkState& state) {
  // An optional column without nulls (the common case) needs no bitmap.
  if (state.validity && !state.keep_levels && state.values_done == state.num_rows) state.validity = nullptr;
  if (state.is_string) {
    state.string_bytes->resize(state.string_size);
    std::memset(state.string_bytes->data() + state.string_size, 0, Buffer::kSlackBytes);  // slack stays zero
    return std::make_shared<Column>(state.column.type, state.num_rows, state.string_bytes, state.validity,
                                    state.offsets);
  }
  if (state.column.type.id == TypeId::kBool) {
    auto bits = Buffer::allocate(bitmap::num_bytes(state.num_rows), true);
    const uint8_t* bytes = state.values->data();
    for (int64_t row = 0; row < state.num_rows; ++row)
      if (bytes[row]) bitmap::set(bits->data(), row);
    return std::make_shared<Column>(state.column.type, state.num_rows, bits, state.validity);
  }
  return std::make_shared<Column>(state.column.type, state.num_rows, state.values, state.validity);
}

PageHeader read_page_header(const ColumnDescriptor& column, const uint8_t* data, int64_t size_bytes,
                            int64_t& position) {
  int64_t header_bytes = 0;
  PageHeader header = decode_page_header(data + position, size_bytes - position, header_bytes);
  position += header_bytes;
  if (header.compressed_page_size < 0 || header.compressed_page_size > size_bytes - position)
    corrupt(column, "a page of " + std::to_string(header.compressed_page_size) + " bytes runs past the chunk's end");
  if (header.uncompressed_page_size < 0)
    corrupt(column, "a page claims " + std::to_string(header.uncompressed_page_size) + " bytes uncompressed");
  if (header.uncompressed_page_size > kMaxPageBytes)
    throw NotSupportedError("a page of " + std::to_string(header.uncompressed_page_size) +
                                " bytes uncompressed; lode reads pages of up to 1 GiB",
                            ErrorContext{.column = column.name, .hint = "rewrite the file with smaller pages"});
  return header;
}

}  // namespace

std::shared_ptr<Column> read_dictionary(const ColumnDescriptor& column, Codec codec, const uint8_t* data,
                                        int64_t size_bytes) {
  int64_t position = 0;
  if (size_bytes <= 0) return nullptr;
  PageHeader header = read_page_header(column, data, size_bytes, position);
  if (header.type != PageType::kDictionaryPage) return nullptr;
  ChunkState state(column, codec, 0);
  state.is_string = column.type.id == TypeId::kString;
  state.width = state.is_string ? 0 : column.storage_width();
  read_dictionary_page(state, header, data + position);
  const int64_t count = state.dictionary_size;
  if (state.is_string) {
    ColumnBuilder builder(column.type);
    for (const auto& view : state.dictionary_views) builder.append_string(view);
    if (column.conversion == Conversion::kUuidToString) return nullptr;  // kept as raw bytes here
    return builder.finish();
  }
  if (column.type.id == TypeId::kBool) return nullptr;
  auto values = Buffer::allocate(count * state.width);
  std::memcpy(values->data(), state.dictionary_fixed.data(), static_cast<size_t>(count * state.width));
  return std::make_shared<Column>(column.type, count, values);
}

namespace {

void read_pages(ChunkState& state, const uint8_t* data, int64_t size_bytes) {
  allocate_outputs(state);
  int64_t position = 0;
  for (int64_t page = 0; position < size_bytes; ++page) {
    PageHeader header = read_page_header(state.column, data, size_bytes, position);
    const std::string_view stored(reinterpret_cast<const char*>(data + position),
                                  static_cast<size_t>(header.compressed_page_size));
    if (header.crc && !crc_matches(stored, *header.crc))
      corrupt(state.column, "page " + std::to_string(page) + " fails its checksum (CRC32)");
    read_page(state, header, data + position);
    position += header.compressed_page_size;
  }
}

}  // namespace

std::shared_ptr<Column> read_column_chunk(const ColumnDescriptor& column, Codec codec, const uint8_t* data,
                                          int64_t size_bytes, int64_t num_rows) {
  ChunkState state(column, codec, num_rows);
  read_pages(state, data, size_bytes);
  if (state.rows_done != num_rows)
    corrupt(column, "its pages hold " + std::to_string(state.rows_done) + " values for a row group of " +
                        std::to_string(num_rows) + " rows");
  return finish(state);
}

LeafEntries read_leaf_entries(const ColumnDescriptor& leaf, Codec codec, const uint8_t* data, int64_t size_bytes,
                              int64_t num_values) {
  ChunkState state(leaf, codec, num_values);
  state.keep_levels = true;
  read_pages(state, data, size_bytes);
  if (state.rows_done != num_values)
    corrupt(leaf, "its pages hold " + std::to_string(state.rows_done) + " values where the chunk's metadata says " +
                      std::to_string(num_values));
  return LeafEntries{finish(state), std::move(state.repetition), std::move(state.definition)};
}

}  // namespace lode::io::parquet
