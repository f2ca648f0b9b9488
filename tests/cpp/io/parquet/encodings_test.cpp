// Tests of rle_bit_packed.cpp and delta_encoding.cpp.
#include <gtest/gtest.h>

#include <random>

#include "lode/core/error.h"
#include "lode/io/parquet/delta_encoding.h"
#include "lode/io/parquet/rle_bit_packed.h"

namespace lode::io::parquet {
namespace {

TEST(RleBitPackedTest, RoundTripsRunsAndPackedValuesAtEveryWidth) {
  std::mt19937 random(7);
  for (int width = 1; width <= 20; ++width) {
    std::vector<uint32_t> values;
    for (int i = 0; i < 1000; ++i) {
      const uint32_t value = random() & ((1u << width) - 1);
      const int repeat = (i % 7 == 0) ? 20 : 1;
      for (int r = 0; r < repeat; ++r) values.push_back(value);
    }
    RleBitPackedEncoder encoder(width);
    for (uint32_t value : values) encoder.append(value);
    const std::string bytes = encoder.finish();
    RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()), width);
    std::vector<uint32_t> decoded(values.size());
    ASSERT_EQ(decoder.read(decoded.data(), static_cast<int64_t>(decoded.size())), static_cast<int64_t>(values.size()));
    EXPECT_EQ(decoded, values) << "width " << width;
  }
}

// unpack_bits32 against a bit-by-bit reading, at every width, from group
// boundaries and from within groups, up to the very end of the data.
TEST(RleBitPackedTest, UnpacksEveryWidthFromAnyStartToTheEnd) {
  std::mt19937 random(3);
  for (int width = 1; width <= 32; ++width) {
    const int64_t count = 203;
    std::vector<uint8_t> data(static_cast<size_t>((count * width + 7) / 8));
    for (auto& byte : data) byte = static_cast<uint8_t>(random());
    auto reference = [&](int64_t index) {
      uint32_t value = 0;
      for (int b = 0; b < width; ++b) {
        const int64_t bit = index * width + b;
        value |= static_cast<uint32_t>((data[bit / 8] >> (bit % 8)) & 1) << b;
      }
      return value;
    };
    for (int64_t first : {0, 1, 8, 13, 16, 195}) {
      std::vector<uint32_t> out(static_cast<size_t>(count - first));
      unpack_bits32(data.data(), static_cast<int64_t>(data.size()), first * width, width, count - first, out.data());
      for (int64_t i = 0; i < count - first; ++i)
        ASSERT_EQ(out[i], reference(first + i)) << "width " << width << ", from " << first << ", value " << i;
    }
  }
}

// Run by run (read_repeat, read_packed, as the definition levels are read)
// gives the values read() gives, with small limits cutting runs anywhere.
TEST(RleBitPackedTest, ReadsRunByRunAsReadDoes) {
  std::mt19937 random(9);
  for (int width : {1, 2, 5}) {
    std::vector<uint32_t> values;
    for (int i = 0; i < 400; ++i) {
      const uint32_t value = random() & ((1u << width) - 1);
      const int repeat = i % 5 == 0 ? 1 + static_cast<int>(random() % 40) : 1;
      values.insert(values.end(), repeat, value);
    }
    RleBitPackedEncoder encoder(width);
    for (uint32_t value : values) encoder.append(value);
    const std::string bytes = encoder.finish();
    for (int64_t limit : {1, 3, 7, 1000}) {
      RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()), width);
      std::vector<uint32_t> decoded, packed(static_cast<size_t>(limit));
      bool repeats = false;
      while (static_cast<int64_t>(decoded.size()) < static_cast<int64_t>(values.size())) {
        const int64_t left = static_cast<int64_t>(values.size() - decoded.size());
        uint32_t value = 0;
        if (const int64_t run = decoder.read_repeat(std::min(limit, left), value); run > 0) {
          decoded.insert(decoded.end(), static_cast<size_t>(run), value);
          repeats = true;
          continue;
        }
        const int64_t got = decoder.read_packed(packed.data(), std::min(limit, left));
        ASSERT_GT(got, 0) << "width " << width << ", limit " << limit;
        decoded.insert(decoded.end(), packed.begin(), packed.begin() + got);
      }
      EXPECT_EQ(decoded, values) << "width " << width << ", limit " << limit;
      EXPECT_TRUE(repeats);
    }
  }
}

TEST(RleBitPackedTest, RunsMixWithSingleValues) {
  std::vector<uint32_t> expected;
  RleBitPackedEncoder encoder(3);
  auto single = [&](uint32_t value) { encoder.append(value); expected.push_back(value); };
  auto run = [&](uint32_t value, int64_t count) {
    encoder.append_run(value, count);
    expected.insert(expected.end(), count, value);
  };
  run(5, 100);
  for (uint32_t i = 0; i < 8; ++i) single(i);
  run(2, 20);  // follows a whole group: written as a run
  single(7);
  run(1, 9);   // follows a partial group: packed with it
  single(3);
  const std::string bytes = encoder.finish();
  RleBitPackedDecoder decoder(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()), 3);
  std::vector<uint32_t> decoded(expected.size());
  ASSERT_EQ(decoder.read(decoded.data(), static_cast<int64_t>(decoded.size())), static_cast<int64_t>(expected.size()));
  EXPECT_EQ(decoded, expected);
}

TEST(RleBitPackedTest, StopsWhereTheDataEnds) {
  // A bit-packed run claiming 1000 groups with 2 bytes behind it.
  const uint8_t data[] = {0xd1, 0x0f, 0xff, 0xff};
  RleBitPackedDecoder decoder(data, sizeof(data), 8);
  std::vector<uint32_t> out(8000);
  EXPECT_EQ(decoder.read(out.data(), 8000), 2);
}

TEST(DeltaBinaryPackedTest, RoundTripsIncludingExtremes) {
  std::vector<int64_t> values = {0, 1, -1, INT64_MAX, INT64_MIN, 5, 5, 5};
  std::mt19937_64 random(3);
  for (int i = 0; i < 1000; ++i) values.push_back(static_cast<int64_t>(random()) >> (i % 60));
  const std::string bytes = encode_delta_binary_packed(values.data(), static_cast<int64_t>(values.size()));
  std::vector<int64_t> decoded;
  decode_delta_binary_packed(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()),
                             static_cast<int64_t>(values.size()), decoded);
  EXPECT_EQ(decoded, values);
}

TEST(DeltaBinaryPackedTest, RejectsLyingHeaders) {
  std::vector<int64_t> decoded;
  // Block size 128, 4 miniblocks, claims 2^40 values.
  const uint8_t huge[] = {0x80, 0x01, 0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x20, 0x00};
  EXPECT_THROW(decode_delta_binary_packed(huge, sizeof(huge), 100, decoded), ParseError);
  // Block size 100 is not a multiple of 128.
  const uint8_t odd[] = {0x64, 0x04, 0x02, 0x00};
  EXPECT_THROW(decode_delta_binary_packed(odd, sizeof(odd), 100, decoded), ParseError);
  // 3 values claimed, miniblock data missing.
  const uint8_t short_data[] = {0x80, 0x01, 0x04, 0x03, 0x00, 0x00, 0x08, 0x08, 0x08, 0x08};
  EXPECT_THROW(decode_delta_binary_packed(short_data, sizeof(short_data), 100, decoded), ParseError);
}

TEST(DeltaByteArrayTest, RejectsPrefixesLongerThanThePreviousValue) {
  const int64_t prefixes[] = {0, 5};
  const int64_t lengths[] = {1, 1};
  std::string bytes = encode_delta_binary_packed(prefixes, 2) + encode_delta_binary_packed(lengths, 2) + "ab";
  std::string storage;
  std::vector<std::string_view> out;
  EXPECT_THROW(decode_delta_byte_array(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()),
                                       10, storage, out),
               ParseError);
  const int64_t good_prefixes[] = {0, 1};
  bytes = encode_delta_binary_packed(good_prefixes, 2) + encode_delta_binary_packed(lengths, 2) + "ab";
  decode_delta_byte_array(reinterpret_cast<const uint8_t*>(bytes.data()), static_cast<int64_t>(bytes.size()), 10,
                          storage, out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], "a");
  EXPECT_EQ(out[1], "ab");
}

}  // namespace
}  // namespace lode::io::parquet

// Tests of compression.cpp.
#include "lode/io/parquet/compression.h"

namespace lode::io::parquet {
namespace {

TEST(CompressionTest, RoundTripsAndRefusesImplausibleSizes) {
  const std::string text(100000, 'x');
  for (Codec codec : {Codec::kSnappy, Codec::kGzip, Codec::kZstd, Codec::kLz4Raw, Codec::kBrotli, Codec::kUncompressed}) {
    std::string compressed;
    compress(codec, text, compressed);
    EXPECT_TRUE(plausible_size(codec, compressed, static_cast<int64_t>(text.size()))) << codec_name(codec);
    std::string output(text.size(), '\0');
    decompress(codec, compressed, reinterpret_cast<uint8_t*>(output.data()), static_cast<int64_t>(output.size()));
    EXPECT_EQ(output, text) << codec_name(codec);
    // A header claiming 1 GiB for these bytes is refused before allocating
    // (brotli records no size and has no ratio bound: the 1 GiB page cap applies).
    if (codec != Codec::kBrotli) {
      EXPECT_FALSE(plausible_size(codec, compressed, int64_t(1) << 30)) << codec_name(codec);
    }
    std::string wrong(text.size() + 1, '\0');
    EXPECT_THROW(decompress(codec, compressed, reinterpret_cast<uint8_t*>(wrong.data()), static_cast<int64_t>(wrong.size())),
                 ParseError)
        << codec_name(codec);
  }
  EXPECT_THROW(codec_from_name("snapy"), InvalidInputError);
}

}  // namespace
}  // namespace lode::io::parquet
