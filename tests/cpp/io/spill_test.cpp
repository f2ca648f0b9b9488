#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/value_text.h"
#include "lode/io/spill/batch_codec.h"
#include "lode/io/spill/spill_file.h"

namespace lode::io::spill {
namespace {

std::string cell(const Column& column, int64_t row) {
  if (column.is_null(row)) return "<null>";
  std::string text;
  append_value_text(column, row, text);
  return text;
}

void expect_same_rows(const Batch& got, const Batch& expected) {
  ASSERT_EQ(got.num_rows(), expected.num_rows());
  ASSERT_EQ(got.num_columns(), expected.num_columns());
  for (int c = 0; c < expected.num_columns(); ++c) {
    ASSERT_EQ(got.column(c)->type(), expected.column(c)->type()) << c;
    EXPECT_EQ(got.column(c)->null_count(), expected.column(c)->null_count()) << c;
    for (int64_t row = 0; row < expected.num_rows(); ++row)
      ASSERT_EQ(cell(*got.column(c), row), cell(*expected.column(c), row)) << "column " << c << " row " << row;
  }
}

std::shared_ptr<Buffer> offsets_of(const std::vector<int64_t>& offsets) {
  auto buffer = Buffer::allocate(static_cast<int64_t>(offsets.size() * 8));
  std::memcpy(buffer->data(), offsets.data(), offsets.size() * 8);
  return buffer;
}

std::shared_ptr<Buffer> validity_of(int64_t n, int every) {
  auto buffer = Buffer::allocate(bitmap::num_bytes(n), true);
  for (int64_t i = 0; i < n; ++i)
    if (i % every != 0) bitmap::set(buffer->data(), i);
  return buffer;
}

// A batch of every core type, with nulls, empty strings and nested columns.
Batch every_type(int64_t n) {
  std::mt19937_64 random(7);
  std::vector<std::shared_ptr<Column>> columns;
  auto with_nulls = [&](DataType type, auto append) {
    ColumnBuilder builder(type);
    for (int64_t i = 0; i < n; ++i) {
      if (i % 7 == 3) builder.append_null();
      else append(builder, i);
    }
    columns.push_back(builder.finish());
  };
  with_nulls(TypeId::kBool, [&](ColumnBuilder& b, int64_t i) { b.append_bool(random() % 2); });
  with_nulls(TypeId::kInt8, [&](ColumnBuilder& b, int64_t i) { b.append<int8_t>(static_cast<int8_t>(random())); });
  with_nulls(TypeId::kInt16, [&](ColumnBuilder& b, int64_t i) { b.append<int16_t>(static_cast<int16_t>(random())); });
  with_nulls(TypeId::kInt32, [&](ColumnBuilder& b, int64_t i) { b.append<int32_t>(static_cast<int32_t>(random())); });
  with_nulls(TypeId::kInt64, [&](ColumnBuilder& b, int64_t i) { b.append<int64_t>(static_cast<int64_t>(random())); });
  with_nulls(TypeId::kUInt8, [&](ColumnBuilder& b, int64_t i) { b.append<uint8_t>(static_cast<uint8_t>(random())); });
  with_nulls(TypeId::kUInt16, [&](ColumnBuilder& b, int64_t i) { b.append<uint16_t>(static_cast<uint16_t>(random())); });
  with_nulls(TypeId::kUInt32, [&](ColumnBuilder& b, int64_t i) { b.append<uint32_t>(static_cast<uint32_t>(random())); });
  with_nulls(TypeId::kUInt64, [&](ColumnBuilder& b, int64_t i) { b.append<uint64_t>(random()); });
  with_nulls(TypeId::kFloat32, [&](ColumnBuilder& b, int64_t i) { b.append<float>(static_cast<float>(i) / 3); });
  with_nulls(TypeId::kFloat64, [&](ColumnBuilder& b, int64_t i) { b.append<double>(static_cast<double>(random()) / 7); });
  with_nulls(TypeId::kString, [&](ColumnBuilder& b, int64_t i) { b.append_string(std::string(i % 23, 'a' + i % 26)); });
  with_nulls(TypeId::kDate32, [&](ColumnBuilder& b, int64_t i) { b.append<int32_t>(static_cast<int32_t>(i * 31)); });
  with_nulls(DataType::timestamp("Europe/Paris"),
             [&](ColumnBuilder& b, int64_t i) { b.append<int64_t>(static_cast<int64_t>(random() % (int64_t{1} << 50))); });
  with_nulls(DataType::decimal128(30, 4), [&](ColumnBuilder& b, int64_t i) {
    Int128 value = static_cast<Int128>(static_cast<int64_t>(random())) * 1000003;
    b.append<Int128>(value);
  });
  // list<int64>: row i holds i % 4 elements; every 5th row is null.
  std::vector<int64_t> list_offsets{0};
  ColumnBuilder elements(TypeId::kInt64);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t k = 0; k < i % 4; ++k) elements.append<int64_t>(i * 10 + k);
    list_offsets.push_back(elements.length());
  }
  columns.push_back(Column::make_list(DataType::list(TypeId::kInt64), n, offsets_of(list_offsets), elements.finish(),
                                      validity_of(n, 5)));
  // struct<a: int32, b: string>, every 6th row null.
  ColumnBuilder a(TypeId::kInt32), b(TypeId::kString);
  for (int64_t i = 0; i < n; ++i) {
    a.append<int32_t>(static_cast<int32_t>(i));
    if (i % 4 == 1) b.append_null();
    else b.append_string("field " + std::to_string(i));
  }
  columns.push_back(Column::make_struct(DataType::struct_of({"a", "b, with a comma"}, {TypeId::kInt32, TypeId::kString}),
                                        n, {a.finish(), b.finish()}, validity_of(n, 6)));
  return Batch(std::move(columns), n);
}

TEST(SpillBatchCodecTest, EveryTypeRoundTripsWithEachCodecAndFromSlices) {
  const Batch batch = every_type(1000);
  for (SpillCodec codec : {SpillCodec::kNone, SpillCodec::kLz4, SpillCodec::kZstd}) {
    // Whole, and sliced at offsets that are not whole bytes of the bitmaps.
    for (auto [offset, length] : {std::pair<int64_t, int64_t>{0, 1000}, {3, 990}, {13, 1}, {500, 0}}) {
      const Batch slice = batch.slice(offset, length);
      std::string frame;
      const int64_t size = encode_batch(slice, codec, frame);
      ASSERT_EQ(size, static_cast<int64_t>(frame.size()));
      EXPECT_EQ(frame_size(frame, "test"), size);
      expect_same_rows(decode_batch(frame, "test"), slice);
    }
  }
}

TEST(SpillBatchCodecTest, ABatchOfNoColumnsKeepsItsRows) {
  std::string frame;
  encode_batch(Batch({}, 42), SpillCodec::kZstd, frame);
  const Batch back = decode_batch(frame, "test");
  EXPECT_EQ(back.num_rows(), 42);
  EXPECT_EQ(back.num_columns(), 0);
}

void expect_damaged(const std::string& frame, const std::string& what) {
  try {
    decode_batch(frame, "spill.file at byte 0");
    ADD_FAILURE() << "decoded a damaged frame: " << what;
  } catch (const ParseError& error) {
    EXPECT_NE(std::string(error.what()).find("damaged spill frame"), std::string::npos) << error.what();
    EXPECT_EQ(error.context().path, "spill.file at byte 0") << what;
  }
}

TEST(SpillBatchCodecTest, DamagedFramesAreParseErrorsNamingWhere) {
  const Batch batch = every_type(300);
  for (SpillCodec codec : {SpillCodec::kNone, SpillCodec::kLz4, SpillCodec::kZstd}) {
    std::string frame;
    encode_batch(batch, codec, frame);
    // Every 7th byte flipped in turn: prelude, header or payload.
    for (size_t at = 0; at < frame.size(); at += 7) {
      std::string damaged = frame;
      damaged[at] = static_cast<char>(damaged[at] ^ 0x5a);
      expect_damaged(damaged, "byte " + std::to_string(at));
    }
    for (size_t size : {size_t{0}, size_t{10}, size_t{31}, size_t{32}, frame.size() / 2, frame.size() - 1})
      expect_damaged(frame.substr(0, size), "cut to " + std::to_string(size));
    expect_damaged(frame + "x", "one byte more");
  }
}

// The directory's entries, to check that spill files leave none behind.
std::vector<std::string> entries(const std::string& directory) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) names.push_back(entry.path().string());
  return names;
}

struct TempDirectory {
  std::string path;
  TempDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "lode-spill-test-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
    set_temp_directory(path);
  }
  ~TempDirectory() {
    set_temp_directory("");
    set_temp_space_limit(-1);
    ::umount2(path.c_str(), MNT_DETACH);  // a test's tmpfs, if it mounted one
    std::error_code error;
    std::filesystem::remove_all(path, error);
  }
};

TEST(SpillFileTest, FramesReadBackAndTheFileLeavesNothingBehind) {
  TempDirectory directory;
  const int64_t used_before = temp_space_used();
  const Batch batch = every_type(2000);
  {
    SpillFile file;
    EXPECT_EQ(file.directory(), directory.path);
    std::vector<SpillFile::Frame> frames;
    for (int64_t i = 0; i < 40; ++i) frames.push_back(file.append(batch.slice(i * 45, 40 + i)));
    file.flush();
    EXPECT_EQ(temp_space_used() - used_before, file.size_bytes());
    // Read back out of order.
    for (int64_t i = 39; i >= 0; i -= 3) expect_same_rows(file.read(frames[i]), batch.slice(i * 45, 40 + i));
    EXPECT_TRUE(entries(directory.path).empty());  // anonymous: no name at any time
  }
  EXPECT_EQ(temp_space_used(), used_before);
  EXPECT_TRUE(entries(directory.path).empty());
}

TEST(SpillFileTest, TheTempSpaceCapIsAnIOErrorNamingTheDirectory) {
  TempDirectory directory;
  set_temp_space_limit(20000);
  const int64_t used_before = temp_space_used();
  const Batch batch = every_type(2000);
  {
    SpillFile file(SpillCodec::kNone);
    try {
      for (int i = 0; i < 100; ++i) file.append(batch.slice(0, 100));
      ADD_FAILURE() << "the cap did not stop spilling";
    } catch (const IOError& error) {
      EXPECT_NE(std::string(error.what()).find("temp space limit"), std::string::npos) << error.what();
      EXPECT_EQ(error.context().path, directory.path);
    }
    EXPECT_LE(file.size_bytes(), 20000);
  }
  EXPECT_EQ(temp_space_used(), used_before);
}

TEST(SpillFileTest, AMissingDirectoryIsAnIOErrorNamingIt) {
  set_temp_directory("/nonexistent/lode-spill");
  try {
    SpillFile file;
    ADD_FAILURE() << "made a spill file in a missing directory";
  } catch (const IOError& error) {
    EXPECT_EQ(error.context().path, "/nonexistent/lode-spill");
  }
  set_temp_directory("");
}

// A real full disk: a 64 KiB tmpfs (these machines run tests as root).
TEST(SpillFileTest, AFullDiskIsAnIOErrorAndLeavesNothing) {
  TempDirectory directory;
  if (::mount("tmpfs", directory.path.c_str(), "tmpfs", 0, "size=64k") != 0)
    GTEST_SKIP() << "cannot mount a tmpfs here (not root)";
  const Batch batch = every_type(2000);
  {
    SpillFile file(SpillCodec::kNone);
    try {
      for (int i = 0; i < 100; ++i) file.append(batch);
      file.flush();
      ADD_FAILURE() << "wrote past a 64 KiB file system";
    } catch (const IOError& error) {
      EXPECT_NE(std::string(error.what()).find("No space left"), std::string::npos) << error.what();
      EXPECT_EQ(error.context().path, directory.path);
      EXPECT_NE(error.context().hint.find("set_temp_directory"), std::string::npos);
    }
  }
  EXPECT_TRUE(entries(directory.path).empty());
}

}  // namespace
}  // namespace lode::io::spill
