#include "lode/datagen/sampling.h"

#include <charconv>
#include <cmath>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"

namespace lode::datagen {

void shuffle(std::vector<int32_t>& values, Random& random) {
  for (int64_t i = static_cast<int64_t>(values.size()) - 1; i > 0; --i)
    std::swap(values[i], values[random.below(i + 1)]);
}

std::vector<int32_t> sample_with_replacement(int64_t cardinality, int64_t size, Random& random) {
  std::vector<int32_t> values(size);
  for (auto& value : values) value = static_cast<int32_t>(random.below(cardinality) + 1);
  return values;
}

std::vector<int32_t> sample_all(const std::vector<int32_t>& keys, int64_t size, Random& random) {
  LODE_CHECK(static_cast<int64_t>(keys.size()) <= size, "sample_all needs size >= keys");
  std::vector<int32_t> values(keys);
  values.reserve(size);
  while (static_cast<int64_t>(values.size()) < size) values.push_back(keys[random.below(keys.size())]);
  shuffle(values, random);
  return values;
}

std::vector<bool> choose_rows(int64_t num_rows, int64_t count, Random& random) {
  // Draw the smaller side by rejection so each pick succeeds with p >= 1/2.
  const bool choose_complement = count > num_rows / 2;
  const int64_t draws = choose_complement ? num_rows - count : count;
  std::vector<bool> chosen(num_rows, choose_complement);
  for (int64_t picked = 0; picked < draws;) {
    const int64_t row = static_cast<int64_t>(random.below(num_rows));
    if (chosen[row] == choose_complement) {
      chosen[row] = !choose_complement;
      ++picked;
    }
  }
  return chosen;
}

std::vector<double> uniform_0_100(int64_t size, Random& random) {
  std::vector<double> values(size);
  for (auto& value : values) value = std::round(random.uniform() * 100.0 * 1e6) / 1e6;
  return values;
}

std::shared_ptr<Column> int32_column(const std::vector<int32_t>& codes,
                                     const std::vector<bool>& is_null) {
  ColumnBuilder builder(TypeId::kInt32);
  builder.reserve(codes.size());
  for (size_t row = 0; row < codes.size(); ++row) {
    if (!is_null.empty() && is_null[row]) builder.append_null();
    else builder.append<int32_t>(codes[row]);
  }
  return builder.finish();
}

std::shared_ptr<Column> float64_column(const std::vector<double>& values,
                                       const std::vector<bool>& is_null) {
  ColumnBuilder builder(TypeId::kFloat64);
  builder.reserve(values.size());
  for (size_t row = 0; row < values.size(); ++row) {
    if (!is_null.empty() && is_null[row]) builder.append_null();
    else builder.append<double>(values[row]);
  }
  return builder.finish();
}

std::shared_ptr<Column> id_string_column(const std::vector<int32_t>& codes,
                                         const std::vector<bool>& is_null, int digits) {
  ColumnBuilder builder(TypeId::kString);
  builder.reserve(codes.size(), static_cast<int64_t>(codes.size()) * (2 + std::max(digits, 7)));
  char text[32] = {'i', 'd'};
  for (size_t row = 0; row < codes.size(); ++row) {
    if (!is_null.empty() && is_null[row]) {
      builder.append_null();
      continue;
    }
    char number[16];
    auto end = std::to_chars(number, number + sizeof(number), codes[row]).ptr;
    const int length = static_cast<int>(end - number);
    const int padding = std::max(0, digits - length);
    std::fill(text + 2, text + 2 + padding, '0');
    std::copy(number, end, text + 2 + padding);
    builder.append_string(std::string_view(text, 2 + padding + length));
  }
  return builder.finish();
}

}  // namespace lode::datagen
