#include "lode/core/table.h"

#include <algorithm>
#include <unordered_set>

#include "lode/core/error.h"

namespace lode {

Table::Table(Schema schema, std::vector<Batch> batches)
    : schema_(std::move(schema)), batches_(std::move(batches)) {
  for (const auto& batch : batches_) {
    LODE_CHECK(batch.num_columns() == schema_.num_fields(), "batch does not match schema");
    for (int i = 0; i < batch.num_columns(); ++i)
      LODE_CHECK(batch.column(i)->type() == schema_.field(i).type, "batch column type mismatch");
    num_rows_ += batch.num_rows();
  }
}

std::shared_ptr<Table> Table::from_columns(const std::vector<std::string>& names,
                                           std::vector<std::shared_ptr<Column>> columns) {
  LODE_CHECK(names.size() == columns.size(), "names and columns differ in count");
  std::vector<Field> fields;
  int64_t num_rows = columns.empty() ? 0 : columns[0]->length();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i]->length() != num_rows) {
      throw InvalidInputError("columns have different lengths: '" + names[0] + "' has " +
                                  std::to_string(num_rows) + " rows, '" + names[i] + "' has " +
                                  std::to_string(columns[i]->length()),
                              ErrorContext{.column = names[i]});
    }
    fields.push_back(Field{names[i], columns[i]->type()});
  }
  std::vector<Batch> batches;
  if (!columns.empty()) batches.emplace_back(std::move(columns), num_rows);
  return std::make_shared<Table>(Schema(std::move(fields)), std::move(batches));
}

std::shared_ptr<Column> Table::column(int index) const {
  LODE_CHECK(index >= 0 && index < num_columns(), "column index out of range");
  std::vector<std::shared_ptr<Column>> chunks;
  for (const auto& batch : batches_)
    if (batch.num_rows() > 0 || batches_.size() == 1) chunks.push_back(batch.column(index));
  if (chunks.empty()) {
    // No rows at all: an empty column of the right type.
    const DataType& type = schema_.field(index).type;
    auto offsets = type.id == TypeId::kString ? Buffer::allocate(8, true) : nullptr;
    return std::make_shared<Column>(type, 0, Buffer::allocate(0), nullptr, offsets);
  }
  return concatenate(chunks);
}

std::shared_ptr<Table> Table::slice(int64_t offset, int64_t length) const {
  offset = std::clamp<int64_t>(offset, 0, num_rows_);
  length = std::clamp<int64_t>(length, 0, num_rows_ - offset);
  std::vector<Batch> sliced;
  int64_t batch_start = 0;
  for (const auto& batch : batches_) {
    const int64_t batch_end = batch_start + batch.num_rows();
    const int64_t from = std::max(offset, batch_start);
    const int64_t to = std::min(offset + length, batch_end);
    if (from < to) sliced.push_back(batch.slice(from - batch_start, to - from));
    batch_start = batch_end;
  }
  if (sliced.empty() && !batches_.empty()) sliced.push_back(batches_[0].slice(0, 0));
  return std::make_shared<Table>(schema_, std::move(sliced));
}

std::shared_ptr<Table> Table::select(const std::vector<std::string>& names) const {
  std::vector<int> indices;
  std::vector<Field> fields;
  for (const auto& name : names) {
    indices.push_back(schema_.index_of(name));
    fields.push_back(schema_.field(indices.back()));
  }
  std::vector<Batch> batches;
  for (const auto& batch : batches_) {
    std::vector<std::shared_ptr<Column>> columns;
    for (int index : indices) columns.push_back(batch.column(index));
    batches.emplace_back(std::move(columns), batch.num_rows());
  }
  return std::make_shared<Table>(Schema(std::move(fields)), std::move(batches));
}

std::shared_ptr<Table> Table::combine_batches() const {
  if (batches_.size() == 1) return std::make_shared<Table>(*this);
  std::vector<std::shared_ptr<Column>> columns;
  for (int i = 0; i < num_columns(); ++i) columns.push_back(column(i));
  std::vector<Batch> batches;
  batches.emplace_back(std::move(columns), num_rows_);
  return std::make_shared<Table>(schema_, std::move(batches));
}

int64_t Table::memory_bytes() const {
  // Buffers shared by several columns or batches (slices) count once.
  std::unordered_set<const Buffer*> seen;
  int64_t total = 0;
  auto count = [&](const std::shared_ptr<Buffer>& buffer) {
    if (buffer && seen.insert(buffer.get()).second) total += buffer->capacity_bytes();
  };
  for (const auto& batch : batches_)
    for (const auto& column : batch.columns()) {
      count(column->values_buffer());
      count(column->validity_buffer());
      count(column->offsets_buffer());
    }
  return total;
}

}  // namespace lode
