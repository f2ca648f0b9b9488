#include "lode/io/parquet/metadata.h"

#include "lode/io/parquet/thrift_compact.h"

namespace lode::io::parquet {

namespace {

// Calls `on_field(field)` for each field of a struct; `on_field` returns
// false for fields it does not know, which are skipped.
template <typename OnField>
void read_struct(ThriftReader& reader, OnField&& on_field) {
  reader.begin_struct();
  for (ThriftField field = reader.read_field(); !field.is_stop(); field = reader.read_field()) {
    if (!on_field(field)) {
      if (field.type != ThriftType::kBoolTrue && field.type != ThriftType::kBoolFalse)
        reader.skip(field.type);
    }
  }
  reader.end_struct();
}

// Reads a list, checking the element type, calling `on_element` per element.
template <typename OnElement>
void read_list(ThriftReader& reader, ThriftType expected, OnElement&& on_element) {
  ThriftList list = reader.read_list_header();
  if (list.size > 0 && list.element_type != expected) {
    for (int64_t i = 0; i < list.size; ++i) reader.skip(list.element_type);
    return;
  }
  for (int64_t i = 0; i < list.size; ++i) on_element();
}

bool is(const ThriftField& field, int16_t id, ThriftType type) {
  return field.id == id && field.type == type;
}

PhysicalType read_physical_type(ThriftReader& reader) {
  int32_t value = reader.read_i32();
  if (value < 0 || value > 7) reader.fail("invalid physical type " + std::to_string(value));
  return static_cast<PhysicalType>(value);
}

TimeUnit read_time_unit(ThriftReader& reader) {
  TimeUnit unit = TimeUnit::kMicros;
  read_struct(reader, [&](const ThriftField& field) {
    if (field.type != ThriftType::kStruct || field.id < 1 || field.id > 3) return false;
    unit = static_cast<TimeUnit>(field.id);
    reader.skip(ThriftType::kStruct);
    return true;
  });
  return unit;
}

void read_time_fields(ThriftReader& reader, LogicalType& logical) {
  read_struct(reader, [&](const ThriftField& field) {
    if (field.id == 1 && (field.type == ThriftType::kBoolTrue || field.type == ThriftType::kBoolFalse)) {
      logical.adjusted_to_utc = reader.read_bool(field);
      return true;
    }
    if (is(field, 2, ThriftType::kStruct)) {
      logical.unit = read_time_unit(reader);
      return true;
    }
    return false;
  });
}

LogicalType read_logical_type(ThriftReader& reader) {
  LogicalType logical;
  read_struct(reader, [&](const ThriftField& field) {
    if (field.type != ThriftType::kStruct) return false;
    logical.kind = field.id;
    if (field.id == LogicalType::kDecimal) {
      read_struct(reader, [&](const ThriftField& inner) {
        if (is(inner, 1, ThriftType::kI32)) logical.scale = reader.read_i32();
        else if (is(inner, 2, ThriftType::kI32)) logical.precision = reader.read_i32();
        else return false;
        return true;
      });
    } else if (field.id == LogicalType::kTime || field.id == LogicalType::kTimestamp) {
      read_time_fields(reader, logical);
    } else if (field.id == LogicalType::kInteger) {
      read_struct(reader, [&](const ThriftField& inner) {
        if (is(inner, 1, ThriftType::kByte)) logical.bit_width = reader.read_byte();
        else if (inner.id == 2 && inner.type != ThriftType::kStruct) logical.is_signed = reader.read_bool(inner);
        else return false;
        return true;
      });
    } else {
      reader.skip(ThriftType::kStruct);
    }
    return true;
  });
  return logical;
}

SchemaElement read_schema_element(ThriftReader& reader) {
  SchemaElement element;
  read_struct(reader, [&](const ThriftField& field) {
    switch (field.id) {
      case 1: if (field.type != ThriftType::kI32) return false; element.type = read_physical_type(reader); return true;
      case 2: if (field.type != ThriftType::kI32) return false; element.type_length = reader.read_i32(); return true;
      case 3: {
        if (field.type != ThriftType::kI32) return false;
        int32_t value = reader.read_i32();
        if (value < 0 || value > 2) reader.fail("invalid repetition type " + std::to_string(value));
        element.repetition = static_cast<Repetition>(value);
        return true;
      }
      case 4: if (field.type != ThriftType::kBinary) return false; element.name = reader.read_string(); return true;
      case 5: if (field.type != ThriftType::kI32) return false; element.num_children = reader.read_i32(); return true;
      case 6: if (field.type != ThriftType::kI32) return false; element.converted_type = static_cast<ConvertedType>(reader.read_i32()); return true;
      case 7: if (field.type != ThriftType::kI32) return false; element.scale = reader.read_i32(); return true;
      case 8: if (field.type != ThriftType::kI32) return false; element.precision = reader.read_i32(); return true;
      case 10: if (field.type != ThriftType::kStruct) return false; element.logical_type = read_logical_type(reader); return true;
      default: return false;
    }
  });
  return element;
}

Statistics read_statistics(ThriftReader& reader) {
  Statistics statistics;
  read_struct(reader, [&](const ThriftField& field) {
    if (field.type == ThriftType::kBinary) {
      switch (field.id) {
        case 1: statistics.max = reader.read_string(); return true;
        case 2: statistics.min = reader.read_string(); return true;
        case 5: statistics.max_value = reader.read_string(); return true;
        case 6: statistics.min_value = reader.read_string(); return true;
        default: return false;
      }
    }
    if (is(field, 3, ThriftType::kI64)) {
      statistics.null_count = reader.read_i64();
      return true;
    }
    return false;
  });
  return statistics;
}

// Reads one PageEncodingStats; notes a data page that is not dictionary-encoded.
void read_encoding_stats(ThriftReader& reader, ColumnMetaData& meta) {
  int32_t page_type = -1, encoding = -1, count = 0;
  read_struct(reader, [&](const ThriftField& field) {
    if (field.type != ThriftType::kI32) return false;
    if (field.id == 1) page_type = reader.read_i32();
    else if (field.id == 2) encoding = reader.read_i32();
    else if (field.id == 3) count = reader.read_i32();
    else return false;
    return true;
  });
  const bool data_page = page_type == static_cast<int32_t>(PageType::kDataPage) ||
                         page_type == static_cast<int32_t>(PageType::kDataPageV2);
  const bool dictionary = encoding == static_cast<int32_t>(Encoding::kPlainDictionary) ||
                          encoding == static_cast<int32_t>(Encoding::kRleDictionary);
  if (data_page && count > 0 && !dictionary) meta.all_data_pages_dictionary = false;
}

ColumnMetaData read_column_metadata(ThriftReader& reader) {
  ColumnMetaData meta;
  read_struct(reader, [&](const ThriftField& field) {
    switch (field.id) {
      case 1: if (field.type != ThriftType::kI32) return false; meta.type = read_physical_type(reader); return true;
      case 2:
        if (field.type != ThriftType::kList) return false;
        read_list(reader, ThriftType::kI32, [&] { meta.encodings.push_back(static_cast<Encoding>(reader.read_i32())); });
        return true;
      case 3:
        if (field.type != ThriftType::kList) return false;
        read_list(reader, ThriftType::kBinary, [&] { meta.path_in_schema.push_back(reader.read_string()); });
        return true;
      case 4: if (field.type != ThriftType::kI32) return false; meta.codec = static_cast<Codec>(reader.read_i32()); return true;
      case 5: if (field.type != ThriftType::kI64) return false; meta.num_values = reader.read_i64(); return true;
      case 6: if (field.type != ThriftType::kI64) return false; meta.total_uncompressed_size = reader.read_i64(); return true;
      case 7: if (field.type != ThriftType::kI64) return false; meta.total_compressed_size = reader.read_i64(); return true;
      case 9: if (field.type != ThriftType::kI64) return false; meta.data_page_offset = reader.read_i64(); return true;
      case 11: if (field.type != ThriftType::kI64) return false; meta.dictionary_page_offset = reader.read_i64(); return true;
      case 12: if (field.type != ThriftType::kStruct) return false; meta.statistics = read_statistics(reader); return true;
      case 13:
        if (field.type != ThriftType::kList) return false;
        meta.all_data_pages_dictionary = true;
        read_list(reader, ThriftType::kStruct, [&] { read_encoding_stats(reader, meta); });
        return true;
      default: return false;
    }
  });
  return meta;
}

ColumnChunk read_column_chunk(ThriftReader& reader) {
  ColumnChunk chunk;
  read_struct(reader, [&](const ThriftField& field) {
    switch (field.id) {
      case 1: if (field.type != ThriftType::kBinary) return false; chunk.file_path = reader.read_string(); return true;
      case 2: if (field.type != ThriftType::kI64) return false; chunk.file_offset = reader.read_i64(); return true;
      case 3: if (field.type != ThriftType::kStruct) return false; chunk.meta_data = read_column_metadata(reader); return true;
      case 8: case 9: chunk.encrypted = true; return false;
      default: return false;
    }
  });
  return chunk;
}

RowGroup read_row_group(ThriftReader& reader) {
  RowGroup group;
  read_struct(reader, [&](const ThriftField& field) {
    switch (field.id) {
      case 1:
        if (field.type != ThriftType::kList) return false;
        read_list(reader, ThriftType::kStruct, [&] { group.columns.push_back(read_column_chunk(reader)); });
        return true;
      case 2: if (field.type != ThriftType::kI64) return false; group.total_byte_size = reader.read_i64(); return true;
      case 3: if (field.type != ThriftType::kI64) return false; group.num_rows = reader.read_i64(); return true;
      default: return false;
    }
  });
  return group;
}

KeyValue read_key_value(ThriftReader& reader) {
  KeyValue entry;
  read_struct(reader, [&](const ThriftField& field) {
    if (is(field, 1, ThriftType::kBinary)) entry.key = reader.read_string();
    else if (is(field, 2, ThriftType::kBinary)) entry.value = reader.read_string();
    else return false;
    return true;
  });
  return entry;
}

DataPageHeader read_data_page_header(ThriftReader& reader) {
  DataPageHeader header;
  read_struct(reader, [&](const ThriftField& field) {
    if (field.type != ThriftType::kI32) return false;
    switch (field.id) {
      case 1: header.num_values = reader.read_i32(); return true;
      case 2: header.encoding = static_cast<Encoding>(reader.read_i32()); return true;
      case 3: header.definition_level_encoding = static_cast<Encoding>(reader.read_i32()); return true;
      case 4: header.repetition_level_encoding = static_cast<Encoding>(reader.read_i32()); return true;
      default: return false;
    }
  });
  return header;
}

DictionaryPageHeader read_dictionary_page_header(ThriftReader& reader) {
  DictionaryPageHeader header;
  read_struct(reader, [&](const ThriftField& field) {
    if (field.type != ThriftType::kI32) return false;
    if (field.id == 1) header.num_values = reader.read_i32();
    else if (field.id == 2) header.encoding = static_cast<Encoding>(reader.read_i32());
    else return false;
    return true;
  });
  return header;
}

DataPageHeaderV2 read_data_page_header_v2(ThriftReader& reader) {
  DataPageHeaderV2 header;
  read_struct(reader, [&](const ThriftField& field) {
    if (field.id == 7 && (field.type == ThriftType::kBoolTrue || field.type == ThriftType::kBoolFalse)) {
      header.is_compressed = reader.read_bool(field);
      return true;
    }
    if (field.type != ThriftType::kI32) return false;
    switch (field.id) {
      case 1: header.num_values = reader.read_i32(); return true;
      case 2: header.num_nulls = reader.read_i32(); return true;
      case 3: header.num_rows = reader.read_i32(); return true;
      case 4: header.encoding = static_cast<Encoding>(reader.read_i32()); return true;
      case 5: header.definition_levels_byte_length = reader.read_i32(); return true;
      case 6: header.repetition_levels_byte_length = reader.read_i32(); return true;
      default: return false;
    }
  });
  return header;
}

}  // namespace

FileMetaData decode_file_metadata(const uint8_t* data, int64_t size_bytes) {
  ThriftReader reader(data, size_bytes, "file metadata (footer)");
  FileMetaData metadata;
  read_struct(reader, [&](const ThriftField& field) {
    switch (field.id) {
      case 1: if (field.type != ThriftType::kI32) return false; metadata.version = reader.read_i32(); return true;
      case 2:
        if (field.type != ThriftType::kList) return false;
        read_list(reader, ThriftType::kStruct, [&] { metadata.schema.push_back(read_schema_element(reader)); });
        return true;
      case 3: if (field.type != ThriftType::kI64) return false; metadata.num_rows = reader.read_i64(); return true;
      case 4:
        if (field.type != ThriftType::kList) return false;
        read_list(reader, ThriftType::kStruct, [&] { metadata.row_groups.push_back(read_row_group(reader)); });
        return true;
      case 5:
        if (field.type != ThriftType::kList) return false;
        read_list(reader, ThriftType::kStruct, [&] { metadata.key_value_metadata.push_back(read_key_value(reader)); });
        return true;
      case 6: if (field.type != ThriftType::kBinary) return false; metadata.created_by = reader.read_string(); return true;
      case 8: metadata.encrypted = true; return false;
      default: return false;
    }
  });
  return metadata;
}

PageHeader decode_page_header(const uint8_t* data, int64_t size_bytes, int64_t& header_bytes) {
  ThriftReader reader(data, size_bytes, "page header");
  PageHeader header;
  bool has_type = false;
  read_struct(reader, [&](const ThriftField& field) {
    switch (field.id) {
      case 1: {
        if (field.type != ThriftType::kI32) return false;
        int32_t value = reader.read_i32();
        if (value < 0 || value > 3) reader.fail("invalid page type " + std::to_string(value));
        header.type = static_cast<PageType>(value);
        has_type = true;
        return true;
      }
      case 2: if (field.type != ThriftType::kI32) return false; header.uncompressed_page_size = reader.read_i32(); return true;
      case 3: if (field.type != ThriftType::kI32) return false; header.compressed_page_size = reader.read_i32(); return true;
      case 4: if (field.type != ThriftType::kI32) return false; header.crc = static_cast<uint32_t>(reader.read_i32()); return true;
      case 5: if (field.type != ThriftType::kStruct) return false; header.data_page = read_data_page_header(reader); return true;
      case 7: if (field.type != ThriftType::kStruct) return false; header.dictionary_page = read_dictionary_page_header(reader); return true;
      case 8: if (field.type != ThriftType::kStruct) return false; header.data_page_v2 = read_data_page_header_v2(reader); return true;
      default: return false;
    }
  });
  if (!has_type) reader.fail("the page type is missing");
  header_bytes = reader.position();
  return header;
}

namespace {

void write_logical_type(ThriftWriter& writer, const LogicalType& logical) {
  writer.begin_struct();
  writer.write_field(logical.kind, ThriftType::kStruct);
  writer.begin_struct();
  if (logical.kind == LogicalType::kDecimal) {
    writer.write_i32_field(1, logical.scale);
    writer.write_i32_field(2, logical.precision);
  } else if (logical.kind == LogicalType::kTime || logical.kind == LogicalType::kTimestamp) {
    writer.write_bool_field(1, logical.adjusted_to_utc);
    writer.write_field(2, ThriftType::kStruct);
    writer.begin_struct();
    writer.write_field(static_cast<int16_t>(logical.unit), ThriftType::kStruct);
    writer.begin_struct();
    writer.end_struct();
    writer.end_struct();
  } else if (logical.kind == LogicalType::kInteger) {
    writer.write_field(1, ThriftType::kByte);
    writer.write_byte(logical.bit_width);
    writer.write_bool_field(2, logical.is_signed);
  }
  writer.end_struct();
  writer.end_struct();
}

void write_schema_element(ThriftWriter& writer, const SchemaElement& element) {
  writer.begin_struct();
  if (element.type) writer.write_i32_field(1, static_cast<int32_t>(*element.type));
  if (element.type_length > 0) writer.write_i32_field(2, element.type_length);
  if (element.repetition) writer.write_i32_field(3, static_cast<int32_t>(*element.repetition));
  writer.write_binary_field(4, element.name);
  if (element.num_children > 0) writer.write_i32_field(5, element.num_children);
  if (element.converted_type != ConvertedType::kNone)
    writer.write_i32_field(6, static_cast<int32_t>(element.converted_type));
  if (element.converted_type == ConvertedType::kDecimal) {
    writer.write_i32_field(7, element.scale);
    writer.write_i32_field(8, element.precision);
  }
  if (element.logical_type) {
    writer.write_field(10, ThriftType::kStruct);
    write_logical_type(writer, *element.logical_type);
  }
  writer.end_struct();
}

void write_statistics(ThriftWriter& writer, const Statistics& statistics) {
  writer.begin_struct();
  if (statistics.null_count) writer.write_i64_field(3, *statistics.null_count);
  if (statistics.max_value) writer.write_binary_field(5, *statistics.max_value);
  if (statistics.min_value) writer.write_binary_field(6, *statistics.min_value);
  writer.end_struct();
}

void write_column_metadata(ThriftWriter& writer, const ColumnMetaData& meta) {
  writer.begin_struct();
  writer.write_i32_field(1, static_cast<int32_t>(meta.type));
  writer.write_list_field(2, ThriftType::kI32, static_cast<int64_t>(meta.encodings.size()));
  for (Encoding encoding : meta.encodings) writer.write_i32(static_cast<int32_t>(encoding));
  writer.write_list_field(3, ThriftType::kBinary, static_cast<int64_t>(meta.path_in_schema.size()));
  for (const auto& part : meta.path_in_schema) writer.write_binary(part);
  writer.write_i32_field(4, static_cast<int32_t>(meta.codec));
  writer.write_i64_field(5, meta.num_values);
  writer.write_i64_field(6, meta.total_uncompressed_size);
  writer.write_i64_field(7, meta.total_compressed_size);
  writer.write_i64_field(9, meta.data_page_offset);
  if (meta.dictionary_page_offset) writer.write_i64_field(11, *meta.dictionary_page_offset);
  if (meta.statistics) {
    writer.write_field(12, ThriftType::kStruct);
    write_statistics(writer, *meta.statistics);
  }
  if (meta.all_data_pages_dictionary) {
    // One entry for the dictionary page, one for the data pages.
    const bool dictionary = *meta.all_data_pages_dictionary;
    writer.write_list_field(13, ThriftType::kStruct, dictionary ? 2 : 1);
    if (dictionary) {
      writer.begin_struct();
      writer.write_i32_field(1, static_cast<int32_t>(PageType::kDictionaryPage));
      writer.write_i32_field(2, static_cast<int32_t>(Encoding::kPlain));
      writer.write_i32_field(3, 1);
      writer.end_struct();
    }
    writer.begin_struct();
    writer.write_i32_field(1, static_cast<int32_t>(PageType::kDataPage));
    writer.write_i32_field(2, static_cast<int32_t>(dictionary ? Encoding::kRleDictionary : Encoding::kPlain));
    writer.write_i32_field(3, 1);
    writer.end_struct();
  }
  writer.end_struct();
}

void write_row_group(ThriftWriter& writer, const RowGroup& group) {
  writer.begin_struct();
  writer.write_list_field(1, ThriftType::kStruct, static_cast<int64_t>(group.columns.size()));
  for (const auto& chunk : group.columns) {
    writer.begin_struct();
    writer.write_i64_field(2, chunk.file_offset);
    writer.write_field(3, ThriftType::kStruct);
    write_column_metadata(writer, *chunk.meta_data);
    writer.end_struct();
  }
  writer.write_i64_field(2, group.total_byte_size);
  writer.write_i64_field(3, group.num_rows);
  writer.end_struct();
}

}  // namespace

std::string encode_file_metadata(const FileMetaData& metadata) {
  ThriftWriter writer;
  writer.begin_struct();
  writer.write_i32_field(1, metadata.version);
  writer.write_list_field(2, ThriftType::kStruct, static_cast<int64_t>(metadata.schema.size()));
  for (const auto& element : metadata.schema) write_schema_element(writer, element);
  writer.write_i64_field(3, metadata.num_rows);
  writer.write_list_field(4, ThriftType::kStruct, static_cast<int64_t>(metadata.row_groups.size()));
  for (const auto& group : metadata.row_groups) write_row_group(writer, group);
  if (!metadata.key_value_metadata.empty()) {
    writer.write_list_field(5, ThriftType::kStruct, static_cast<int64_t>(metadata.key_value_metadata.size()));
    for (const auto& entry : metadata.key_value_metadata) {
      writer.begin_struct();
      writer.write_binary_field(1, entry.key);
      writer.write_binary_field(2, entry.value);
      writer.end_struct();
    }
  }
  writer.write_binary_field(6, metadata.created_by);
  if (metadata.num_type_orders > 0) {
    writer.write_list_field(7, ThriftType::kStruct, metadata.num_type_orders);
    for (int32_t i = 0; i < metadata.num_type_orders; ++i) {
      writer.begin_struct();  // ColumnOrder union
      writer.write_field(1, ThriftType::kStruct);
      writer.begin_struct();  // TypeDefinedOrder
      writer.end_struct();
      writer.end_struct();
    }
  }
  writer.end_struct();
  return writer.take_bytes();
}

std::string encode_page_header(const PageHeader& header) {
  ThriftWriter writer;
  writer.begin_struct();
  writer.write_i32_field(1, static_cast<int32_t>(header.type));
  writer.write_i32_field(2, header.uncompressed_page_size);
  writer.write_i32_field(3, header.compressed_page_size);
  if (header.data_page) {
    writer.write_field(5, ThriftType::kStruct);
    writer.begin_struct();
    writer.write_i32_field(1, header.data_page->num_values);
    writer.write_i32_field(2, static_cast<int32_t>(header.data_page->encoding));
    writer.write_i32_field(3, static_cast<int32_t>(header.data_page->definition_level_encoding));
    writer.write_i32_field(4, static_cast<int32_t>(header.data_page->repetition_level_encoding));
    writer.end_struct();
  }
  if (header.dictionary_page) {
    writer.write_field(7, ThriftType::kStruct);
    writer.begin_struct();
    writer.write_i32_field(1, header.dictionary_page->num_values);
    writer.write_i32_field(2, static_cast<int32_t>(header.dictionary_page->encoding));
    writer.end_struct();
  }
  writer.end_struct();
  return writer.take_bytes();
}

}  // namespace lode::io::parquet
