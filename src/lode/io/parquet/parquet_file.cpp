#include "lode/io/parquet/parquet_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "lode/core/buffer.h"
#include "lode/core/error.h"
#include "lode/io/parquet/column_chunk_reader.h"
#include "lode/io/parquet/nested_assembly.h"

namespace lode::io::parquet {

namespace {

constexpr int64_t kMaxFooterBytes = int64_t(1) << 30;

[[noreturn]] void not_parquet(const std::string& path, const std::string& what) {
  throw ParseError("not a valid Parquet file: " + what,
                   ErrorContext{.path = path, .hint = "check that the file is Parquet and was written completely"});
}

// Restores time zone names from the types lode wrote ("lode.types": one
// "name<TAB>type" line per column); Parquet itself only says "UTC-adjusted".
void apply_lode_types(const FileMetaData& metadata, FileColumns& columns) {
  for (const auto& entry : metadata.key_value_metadata) {
    if (entry.key != "lode.types") continue;
    size_t start = 0;
    while (start < entry.value.size()) {
      size_t end = entry.value.find('\n', start);
      if (end == std::string::npos) end = entry.value.size();
      const std::string line = entry.value.substr(start, end - start);
      start = end + 1;
      const size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      const std::string name = line.substr(0, tab), type_name = line.substr(tab + 1);
      for (auto& column : columns.columns) {
        if (column.name != name || column.type.id != TypeId::kTimestamp) continue;
        if (type_name.rfind("timestamp[us, ", 0) == 0 && type_name.back() == ']')
          column.type.timezone = type_name.substr(14, type_name.size() - 15);
      }
    }
  }
}

}  // namespace

ParquetFile::ParquetFile(std::string path, int descriptor, int64_t size_bytes)
    : path_(std::move(path)), descriptor_(descriptor), size_bytes_(size_bytes) {}

ParquetFile::~ParquetFile() { ::close(descriptor_); }

std::shared_ptr<ParquetFile> ParquetFile::open(const std::string& path) {
  int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0)
    throw IOError(std::string("cannot open the Parquet file: ") + std::strerror(errno), ErrorContext{.path = path});
  struct stat info {};
  if (fstat(descriptor, &info) != 0 || S_ISDIR(info.st_mode)) {
    ::close(descriptor);
    throw IOError("cannot read the Parquet file (is it a directory?)", ErrorContext{.path = path});
  }
  std::shared_ptr<ParquetFile> file(new ParquetFile(path, descriptor, info.st_size));
  file->read_footer();
  return file;
}

void ParquetFile::read_bytes(int64_t offset, int64_t size, uint8_t* out) const {
  int64_t done = 0;
  while (done < size) {
    ssize_t got = ::pread(descriptor_, out + done, static_cast<size_t>(size - done), offset + done);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) throw IOError(std::string("cannot read the Parquet file: ") + std::strerror(errno), ErrorContext{.path = path_});
    if (got == 0) throw IOError("the Parquet file ended while being read (was it truncated?)", ErrorContext{.path = path_});
    done += got;
  }
}

void ParquetFile::read_footer() {
  if (size_bytes_ < 12) not_parquet(path_, "it has only " + std::to_string(size_bytes_) + " bytes");
  uint8_t head[4], tail[8];
  read_bytes(0, 4, head);
  read_bytes(size_bytes_ - 8, 8, tail);
  if (std::memcmp(tail + 4, "PARE", 4) == 0)
    throw NotSupportedError("the Parquet file is encrypted (encrypted footer); lode cannot decrypt Parquet files",
                            ErrorContext{.path = path_, .hint = "decrypt it with the tool that wrote it"});
  if (std::memcmp(head, "PAR1", 4) != 0 || std::memcmp(tail + 4, "PAR1", 4) != 0)
    not_parquet(path_, "the PAR1 magic bytes are missing at its start or end");
  uint32_t footer_size;
  std::memcpy(&footer_size, tail, 4);
  if (footer_size > size_bytes_ - 12 || footer_size > kMaxFooterBytes)
    not_parquet(path_, "its footer claims " + std::to_string(footer_size) + " bytes of a " +
                           std::to_string(size_bytes_) + "-byte file");
  std::vector<uint8_t> footer(footer_size);
  read_bytes(size_bytes_ - 8 - footer_size, footer_size, footer.data());
  try {
    metadata_ = decode_file_metadata(footer.data(), footer_size);
    if (metadata_.encrypted)
      throw NotSupportedError("the Parquet file is encrypted; lode cannot decrypt Parquet files",
                              ErrorContext{.hint = "decrypt it with the tool that wrote it"});
    columns_ = describe_columns(metadata_.schema);
    apply_lode_types(metadata_, columns_);
    validate_row_groups();
  } catch (const Error& error) {
    ErrorContext context = error.context();
    context.path = path_;
    rethrow_with_context(error, context);
  }
}

void ParquetFile::validate_row_groups() const {
  for (size_t index = 0; index < metadata_.row_groups.size(); ++index) {
    const RowGroup& group = metadata_.row_groups[index];
    const ErrorContext where{.row_group = static_cast<int64_t>(index)};
    if (group.num_rows < 0 || group.num_rows > (int64_t(1) << 40))
      throw ParseError("a row group claims " + std::to_string(group.num_rows) + " rows", where);
    if (static_cast<int>(group.columns.size()) != columns_.num_leaves)
      throw ParseError("a row group has " + std::to_string(group.columns.size()) + " column chunks for " +
                           std::to_string(columns_.num_leaves) + " schema leaves",
                       where);
    for (const auto& chunk : group.columns) {
      if (chunk.encrypted)
        throw NotSupportedError("the Parquet file has encrypted columns; lode cannot decrypt Parquet files", where);
      if (!chunk.meta_data) throw ParseError("a column chunk has no metadata", where);
      if (!chunk.file_path.empty())
        throw NotSupportedError("a column chunk lives in another file ('" + chunk.file_path + "')", where);
    }
  }
}

int64_t ParquetFile::num_rows() const {
  int64_t total = 0;
  for (const auto& group : metadata_.row_groups) total += group.num_rows;
  return total;
}

int ParquetFile::find_column(const std::string& name) const {
  for (size_t i = 0; i < columns_.columns.size(); ++i)
    if (columns_.columns[i].name == name) return static_cast<int>(i);
  return -1;
}

std::pair<int64_t, int64_t> ParquetFile::chunk_bytes(int row_group, const ColumnDescriptor& column) const {
  const ColumnMetaData& meta = *metadata_.row_groups[row_group].columns[column.leaf_index].meta_data;
  const ErrorContext where{.path = path_, .row_group = row_group, .column = column.name};
  if (meta.type != column.physical_type)
    throw ParseError("the column chunk's physical type differs from the schema's", where);
  // The chunk starts at its dictionary page when there is one (some writers
  // store 0 there for "none").
  int64_t start = meta.data_page_offset;
  if (meta.dictionary_page_offset && *meta.dictionary_page_offset > 0 && *meta.dictionary_page_offset < start)
    start = *meta.dictionary_page_offset;
  const int64_t size = meta.total_compressed_size;
  if (start < 4 || size < 0 || start > size_bytes_ - 8 || size > size_bytes_ - 8 - start) {
    ErrorContext context = where;
    context.byte_offset = start;
    throw ParseError("the column chunk (" + std::to_string(size) + " bytes at offset " + std::to_string(start) +
                         ") lies outside the " + std::to_string(size_bytes_) + "-byte file",
                     context);
  }
  return {start, size};
}

std::shared_ptr<Column> ParquetFile::read_nested_column(int row_group, const ColumnDescriptor& column,
                                                        int64_t* bytes_read) const {
  const RowGroup& group = metadata_.row_groups[row_group];
  std::vector<LeafEntries> leaves;
  for (const ColumnDescriptor& leaf : column.nested->leaves) {
    const int64_t num_values = group.columns[leaf.leaf_index].meta_data->num_values;
    if (num_values < 0 || num_values > (int64_t(1) << 40))
      throw ParseError("a column chunk claims " + std::to_string(num_values) + " values",
                       ErrorContext{.path = path_, .row_group = row_group, .column = leaf.name});
    const auto [start, size] = chunk_bytes(row_group, leaf);
    auto bytes = Buffer::allocate(size);
    read_bytes(start, size, bytes->data());
    if (bytes_read) *bytes_read += size;
    try {
      leaves.push_back(read_leaf_entries(leaf, group.columns[leaf.leaf_index].meta_data->codec, bytes->data(), size,
                                         num_values));
    } catch (const Error& error) {
      rethrow_in_chunk(error, row_group, leaf);
    }
  }
  try {
    return assemble_nested(*column.nested, leaves, group.num_rows);
  } catch (const Error& error) {
    rethrow_in_chunk(error, row_group, column);
  }
}

std::shared_ptr<Column> ParquetFile::read_column(int row_group, int column_index, int64_t* bytes_read) const {
  const ColumnDescriptor& column = columns_.columns[column_index];
  if (column.is_nested()) return read_nested_column(row_group, column, bytes_read);
  const RowGroup& group = metadata_.row_groups[row_group];
  const ColumnMetaData& meta = *group.columns[column.leaf_index].meta_data;
  if (group.num_rows == 0) return read_column_chunk(column, meta.codec, nullptr, 0, 0);
  const auto [start, size] = chunk_bytes(row_group, column);
  auto bytes = Buffer::allocate(size);
  read_bytes(start, size, bytes->data());
  if (bytes_read) *bytes_read += size;
  try {
    return read_column_chunk(column, meta.codec, bytes->data(), size, group.num_rows);
  } catch (const Error& error) {
    rethrow_in_chunk(error, row_group, column);
  }
}

[[noreturn]] void ParquetFile::rethrow_in_chunk(const Error& error, int row_group, const ColumnDescriptor& column) const {
  ErrorContext context = error.context();
  context.path = path_;
  context.row_group = row_group;
  context.column = column.name;
  rethrow_with_context(error, context);
}

std::shared_ptr<Column> ParquetFile::read_dictionary(int row_group, int column_index) const {
  const ColumnDescriptor& column = columns_.columns[column_index];
  const ColumnMetaData& meta = *metadata_.row_groups[row_group].columns[column.leaf_index].meta_data;
  if (meta.all_data_pages_dictionary != true || !meta.dictionary_page_offset || metadata_.row_groups[row_group].num_rows == 0)
    return nullptr;
  const auto [start, size] = chunk_bytes(row_group, column);
  const int64_t dictionary_size = std::min(size, meta.data_page_offset - start);
  if (dictionary_size <= 0) return nullptr;
  auto bytes = Buffer::allocate(dictionary_size);
  read_bytes(start, dictionary_size, bytes->data());
  try {
    return parquet::read_dictionary(column, meta.codec, bytes->data(), dictionary_size);
  } catch (const Error& error) {
    rethrow_in_chunk(error, row_group, column);
  }
}

}  // namespace lode::io::parquet
