#include "lode/io/parquet/parquet_writer.h"

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"
#include "lode/io/parquet/nested_shredding.h"

namespace lode::io {

namespace {

constexpr const char* kTypesKey = "lode.types";

// Records lode's type names (time zones included) for lode's own reader.
std::string type_names(const Schema& schema) {
  std::string text;
  for (const auto& field : schema.fields()) text += field.name + "\t" + field.type.name() + "\n";
  return text;
}

// Encodes one column of a row group: one chunk, or one per leaf of a nested column.
std::vector<parquet::EncodedChunk> encode_column(const Column& column, const std::string& name,
                                                 const parquet::ChunkWriteOptions& options) {
  if (!column.type().is_nested()) return {parquet::encode_column_chunk(column, {name}, options)};
  std::vector<parquet::EncodedChunk> chunks;
  for (const auto& leaf : parquet::shred_nested(column, name)) {
    const parquet::ChunkLevels levels{leaf.repetition, leaf.definition, leaf.max_repetition, leaf.max_definition};
    chunks.push_back(parquet::encode_column_chunk(*leaf.values, leaf.path, options, &levels));
  }
  return chunks;
}

}  // namespace

ParquetWriter::ParquetWriter(std::string path, Schema schema, ParquetWriteOptions options)
    : file_(std::move(path)), schema_(std::move(schema)), options_(options) {
  if (options_.row_group_rows < 1) throw InvalidInputError("row_group_size must be at least 1");
  metadata_.version = 1;
  metadata_.created_by = "lode version 0.1.0";
  parquet::SchemaElement root;
  root.name = "schema";
  root.num_children = schema_.num_fields();
  metadata_.schema.push_back(root);
  for (const auto& field : schema_.fields()) parquet::append_schema_elements(field.name, field.type, metadata_.schema);
  metadata_.key_value_metadata.push_back({kTypesKey, type_names(schema_)});
  metadata_.num_type_orders = schema_.num_fields();
  file_.write("PAR1");
  offset_ = 4;
}

void ParquetWriter::write(const Batch& batch) {
  int64_t offset = 0;
  while (offset < batch.num_rows()) {
    const int64_t take = std::min(batch.num_rows() - offset, options_.row_group_rows - pending_rows_);
    pending_.push_back(offset == 0 && take == batch.num_rows() ? batch : batch.slice(offset, take));
    pending_rows_ += take;
    offset += take;
    pending_bytes_ += pending_.back().data_bytes();
    if (pending_rows_ == options_.row_group_rows || pending_bytes_ >= options_.row_group_bytes) flush_row_group();
  }
}

void ParquetWriter::flush_row_group() {
  if (pending_rows_ == 0) return;
  std::vector<std::shared_ptr<Column>> columns;
  for (int index = 0; index < schema_.num_fields(); ++index) {
    std::vector<std::shared_ptr<Column>> parts;
    for (const auto& batch : pending_) parts.push_back(batch.column(index));
    columns.push_back(concatenate(parts));
  }
  pending_.clear();
  pending_rows_ = pending_bytes_ = 0;
  write_row_groups({columns});
}

void ParquetWriter::write_table(const Table& table) {
  flush_row_group();
  std::vector<std::vector<std::shared_ptr<Column>>> groups;
  for (int64_t offset = 0; offset < table.num_rows(); offset += options_.row_group_rows) {
    auto rows = table.slice(offset, options_.row_group_rows);
    std::vector<std::shared_ptr<Column>> columns;
    for (int index = 0; index < table.num_columns(); ++index) columns.push_back(rows->column(index));
    groups.push_back(std::move(columns));
  }
  write_row_groups(groups);
}

void ParquetWriter::write_row_groups(const std::vector<std::vector<std::shared_ptr<Column>>>& groups) {
  const int64_t num_columns = schema_.num_fields();
  std::vector<std::vector<parquet::EncodedChunk>> chunks(groups.size() * num_columns);
  parquet::ChunkWriteOptions chunk_options{.codec = options_.codec, .dictionary = options_.dictionary};
  auto encode = [&](int64_t task, int) {
    const auto& column = groups[task / num_columns][task % num_columns];
    chunks[task] = encode_column(*column, schema_.field(static_cast<int>(task % num_columns)).name, chunk_options);
  };
  if (options_.use_thread_pool) {
    ThreadPool::global().parallel_for(static_cast<int64_t>(chunks.size()), encode);
  } else {
    for (int64_t task = 0; task < static_cast<int64_t>(chunks.size()); ++task) encode(task, 0);
  }
  for (size_t group_index = 0; group_index < groups.size(); ++group_index) {
    parquet::RowGroup group;
    group.num_rows = num_columns > 0 ? groups[group_index][0]->length() : 0;
    for (int64_t index = 0; index < num_columns; ++index) {
      for (parquet::EncodedChunk& chunk : chunks[group_index * num_columns + index]) write_chunk(chunk, group);
    }
    metadata_.num_rows += group.num_rows;
    metadata_.row_groups.push_back(std::move(group));
  }
}

void ParquetWriter::write_chunk(parquet::EncodedChunk& chunk, parquet::RowGroup& group) {
  parquet::ColumnChunk column_chunk;
  column_chunk.file_offset = offset_ + chunk.meta.data_page_offset;
  chunk.meta.data_page_offset += offset_;
  if (chunk.meta.dictionary_page_offset) *chunk.meta.dictionary_page_offset += offset_;
  file_.write(chunk.bytes);
  offset_ += static_cast<int64_t>(chunk.bytes.size());
  std::string().swap(chunk.bytes);
  group.total_byte_size += chunk.meta.total_uncompressed_size;
  column_chunk.meta_data = std::move(chunk.meta);
  group.columns.push_back(std::move(column_chunk));
}

void ParquetWriter::finish() {
  flush_row_group();
  const std::string footer = parquet::encode_file_metadata(metadata_);
  file_.write(footer);
  const uint32_t footer_size = static_cast<uint32_t>(footer.size());
  file_.write(std::string_view(reinterpret_cast<const char*>(&footer_size), 4));
  file_.write("PAR1");
  file_.commit();
}

void write_parquet(const Table& table, const std::string& path, const ParquetWriteOptions& options) {
  ParquetWriteOptions parallel = options;
  parallel.use_thread_pool = true;
  ParquetWriter writer(path, table.schema(), parallel);
  writer.write_table(table);
  writer.finish();
}

}  // namespace lode::io
