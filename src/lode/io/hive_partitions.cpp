#include "lode/io/hive_partitions.h"

#include <algorithm>
#include <charconv>

#include "lode/core/bitmap.h"
#include "lode/core/buffer.h"
#include "lode/core/error.h"
#include "lode/core/value_text.h"
#include "lode/io/parquet/row_group_pruning.h"

namespace lode::io {

namespace {

bool parses_as_integer(const std::string& text) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool parses_as_date(const std::string& text) {
  int32_t days = 0;
  return parse_date(text, days);
}

// Returns the narrowest type that holds every value of partition `key`.
DataType partition_type(const std::vector<DatasetFile>& files, size_t key) {
  bool all_integers = true, all_dates = true;
  for (const auto& file : files) {
    const std::string& text = file.partitions[key].second;
    if (text == kHiveNull) continue;
    all_integers &= parses_as_integer(text);
    all_dates &= parses_as_date(text);
  }
  if (all_integers) return DataType(TypeId::kInt64);
  if (all_dates) return DataType(TypeId::kDate32);
  return DataType(TypeId::kString);
}

Scalar partition_scalar(const std::string& text, const DataType& type) {
  if (text == kHiveNull) return Scalar::null(type);
  if (type.id == TypeId::kInt64) {
    Scalar value = Scalar::int64(0);
    std::from_chars(text.data(), text.data() + text.size(), value.integer);
    return value;
  }
  if (type.id == TypeId::kDate32) {
    Scalar value = Scalar::null(type);
    int32_t days = 0;
    parse_date(text, days);
    value.is_null = false;
    value.integer = days;
    return value;
  }
  return Scalar::string(text);
}

void check_same_keys(const std::vector<DatasetFile>& files) {
  const auto& first = files[0].partitions;
  for (const auto& file : files) {
    bool same = file.partitions.size() == first.size();
    for (size_t key = 0; same && key < first.size(); ++key) same = file.partitions[key].first == first[key].first;
    if (same) continue;
    std::string keys;
    for (const auto& [name, value] : first) keys += name + "=.../";
    throw SchemaError("the files' partition folders differ: '" + file.path + "' does not have " + keys +
                          " like '" + files[0].path + "'",
                      ErrorContext{.path = file.path,
                                   .hint = "read files of one folder layout together, or pass hive_partitioning=False"});
  }
}

}  // namespace

HivePartitions hive_partitions(const std::vector<DatasetFile>& files,
                               const std::function<bool(const std::string&)>& is_file_column) {
  HivePartitions partitions;
  if (files.empty()) return partitions;
  check_same_keys(files);
  partitions.values.assign(files.size(), {});
  for (size_t key = 0; key < files[0].partitions.size(); ++key) {
    const std::string& name = files[0].partitions[key].first;
    if (is_file_column(name)) continue;
    const DataType type = partition_type(files, key);
    partitions.fields.push_back(Field{name, type});
    for (size_t file = 0; file < files.size(); ++file)
      partitions.values[file].push_back(partition_scalar(files[file].partitions[key].second, type));
  }
  return partitions;
}

std::shared_ptr<Column> constant_column(const Scalar& value, int64_t num_rows) {
  const DataType& type = value.type;
  std::shared_ptr<Buffer> validity;
  if (value.is_null) validity = Buffer::allocate(bitmap::num_bytes(num_rows), true);
  if (type.id == TypeId::kString) {
    const int64_t size = value.is_null ? 0 : static_cast<int64_t>(value.text.size());
    auto bytes = Buffer::allocate(size * num_rows);
    auto offsets = Buffer::allocate((num_rows + 1) * 8);
    int64_t* offset = offsets->data_as<int64_t>();
    for (int64_t row = 0; row <= num_rows; ++row) offset[row] = row * size;
    for (int64_t row = 0; row < num_rows; ++row)
      std::copy_n(value.text.data(), size, reinterpret_cast<char*>(bytes->data()) + row * size);
    return std::make_shared<Column>(type, num_rows, bytes, validity, offsets);
  }
  const int64_t integer = value.is_null ? 0 : value.integer;
  if (type.id == TypeId::kDate32) {
    auto values = Buffer::allocate(num_rows * 4);
    std::fill_n(values->data_as<int32_t>(), num_rows, static_cast<int32_t>(integer));
    return std::make_shared<Column>(type, num_rows, values, validity);
  }
  LODE_CHECK(type.id == TypeId::kInt64, "a partition column is int64, date32 or string");
  auto values = Buffer::allocate(num_rows * 8);
  std::fill_n(values->data_as<int64_t>(), num_rows, integer);
  return std::make_shared<Column>(type, num_rows, values, validity);
}

bool partition_excludes(const Scalar& value, const ColumnPredicate& predicate) {
  // Compare only values of the partition's own type: days and microseconds
  // are both integers, but not comparable.
  for (const Scalar& operand : predicate.values)
    if (operand.type.id != value.type.id) return false;
  return parquet::range_excludes(parquet::constant_range(value, 1), predicate);
}

}  // namespace lode::io
