// Damaged copies of real files (flipped bytes, truncation) must end in a
// lode error or a reading, never a crash: run under ASan/UBSan in CI.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <random>

#include "lode/core/error.h"
#include "lode/io/parquet/parquet_source.h"

namespace lode::io {
namespace {

namespace fs = std::filesystem;

const fs::path kCurated = fs::path(LODE_SHARED_TESTDATA) / "parquet";

std::string read_bytes(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Reads every column, nested ones included; returns normally on success or a lode error.
void read_or_error(const std::string& path) {
  try {
    auto source = open_parquet({path}, ParquetOptions{.skip_unsupported_columns = true});
    for (int64_t split = 0; split < source->num_splits(); ++split)
      for (int column = 0; column < source->schema().num_fields(); ++column) source->read_split_column(split, column);
  } catch (const InternalError& error) {
    ADD_FAILURE() << error.what();
  } catch (const Error&) {
  }
}

// LODE_FUZZ_ITERATIONS (default 150) sets the damaged copies per file; a
// long run (thousands) is a fuzzing session, best under LODE_SANITIZE=ON.
int fuzz_iterations() {
  const char* text = std::getenv("LODE_FUZZ_ITERATIONS");
  return text ? std::max(1, std::atoi(text)) : 150;
}

TEST(ParquetFuzzTest, FlippedBytesAndTruncationNeverCrash) {
  ASSERT_TRUE(fs::is_directory(kCurated)) << "shared test data not found at " << kCurated
                                          << ": the shared/ folder must sit beside the repository";
  const std::string path = (fs::temp_directory_path() / ("lode-fuzz-" + std::to_string(getpid()) + ".parquet")).string();
  std::mt19937 random(11);
  const int iterations = fuzz_iterations();
  for (const char* name : {"alltypes_plain.parquet", "delta_byte_array.parquet", "rle_boolean_encoding.parquet",
                           "byte_stream_split.zstd.parquet", "fixed_length_decimal.parquet",
                           "datapage_v1-snappy-compressed-checksum.parquet", "lz4_raw_compressed.parquet",
                           "delta_encoding_optional_column.parquet", "alltypes_dictionary.parquet",
                           "datapage_v2_empty_datapage.snappy.parquet", "int32_with_null_pages.parquet",
                           "byte_stream_split_extended.gzip.parquet", "hadoop_lz4_compressed.parquet",
                           "delta_binary_packed.parquet", "float16_nonzeros_and_nans.parquet",
                           "int96_from_spark.parquet", "concatenated_gzip_members.parquet",
                           "rle-dict-snappy-checksum.parquet", "page_v2_empty_compressed.parquet",
                           "nullable.impala.parquet", "nested_maps.snappy.parquet", "datapage_v2.snappy.parquet",
                           "repeated_no_annotation.parquet", "old_list_structure.parquet"}) {
    const std::string original = read_bytes(kCurated / name);
    ASSERT_FALSE(original.empty()) << name;
    for (int attempt = 0; attempt < iterations; ++attempt) {
      std::string damaged = original;
      const int flips = 1 + attempt % 3;
      for (int flip = 0; flip < flips; ++flip) {
        const size_t offset = random() % damaged.size();
        damaged[offset] = static_cast<char>(damaged[offset] ^ (attempt % 2 ? 0xff : 1 << (random() % 8)));
      }
      write_bytes(path, damaged);
      read_or_error(path);
    }
    for (size_t length = 0; length < original.size(); length += std::max<size_t>(1, original.size() / 25)) {
      write_bytes(path, original.substr(0, length));
      read_or_error(path);
    }
  }
  fs::remove(path);
}

}  // namespace
}  // namespace lode::io
