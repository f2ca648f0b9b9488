#include "lode/io/parquet/parquet_writer.h"

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"

namespace lode::io {

namespace {

constexpr const char* kTypesKey = "lode.types";

// Records lode's type names (time zones included) for lode's own reader.
std::string type_names(const Schema& schema) {
  std::string text;
  for (const auto& field : schema.fields()) text += field.name + "\t" + field.type.name() + "\n";
  return text;
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
  for (const auto& field : schema_.fields()) metadata_.schema.push_back(parquet::schema_element_for(field.name, field.type));
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
    if (pending_rows_ == options_.row_group_rows) flush_row_group();
  }
}

void ParquetWriter::flush_row_group() {
  if (pending_rows_ == 0) return;
  const int num_columns = schema_.num_fields();
  std::vector<parquet::EncodedChunk> chunks(num_columns);
  parquet::ChunkWriteOptions chunk_options{.codec = options_.codec, .dictionary = options_.dictionary};
  auto encode = [&](int64_t index, int) {
    std::vector<std::shared_ptr<Column>> parts;
    for (const auto& batch : pending_) parts.push_back(batch.column(static_cast<int>(index)));
    auto column = concatenate(parts);
    chunks[index] = parquet::encode_column_chunk(*column, schema_.field(static_cast<int>(index)).name, chunk_options);
  };
  if (options_.use_thread_pool) {
    ThreadPool::global().parallel_for(num_columns, encode);
  } else {
    for (int index = 0; index < num_columns; ++index) encode(index, 0);
  }
  parquet::RowGroup group;
  group.num_rows = pending_rows_;
  for (auto& chunk : chunks) {
    parquet::ColumnChunk column_chunk;
    column_chunk.file_offset = offset_ + chunk.meta.data_page_offset;
    chunk.meta.data_page_offset += offset_;
    if (chunk.meta.dictionary_page_offset) *chunk.meta.dictionary_page_offset += offset_;
    file_.write(chunk.bytes);
    offset_ += static_cast<int64_t>(chunk.bytes.size());
    group.total_byte_size += chunk.meta.total_uncompressed_size;
    column_chunk.meta_data = std::move(chunk.meta);
    group.columns.push_back(std::move(column_chunk));
  }
  metadata_.num_rows += pending_rows_;
  metadata_.row_groups.push_back(std::move(group));
  pending_.clear();
  pending_rows_ = 0;
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
  ParquetWriter writer(path, table.schema(), options);
  for (const auto& batch : table.batches()) writer.write(batch);
  writer.finish();
}

}  // namespace lode::io
