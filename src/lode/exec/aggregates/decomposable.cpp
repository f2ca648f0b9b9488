// Aggregates whose groups combine from partial states: count, len, sum,
// mean, min, max, first, last, var, std and corr.

#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "lode/core/error.h"
#include "lode/exec/aggregates/aggregate_state.h"
#include "lode/exec/aggregates/state_columns.h"
#include "lode/exec/aggregates/state_factories.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

namespace {

std::shared_ptr<Buffer> validity_from(const std::vector<uint8_t>& valid, int64_t num_groups) {
  for (int64_t group = 0; group < num_groups; ++group)
    if (!valid[group]) return pack_bits(valid.data(), num_groups);
  return nullptr;
}

template <typename T>
std::shared_ptr<Column> column_from(const DataType& type, const std::vector<T>& values,
                                    const std::vector<uint8_t>* valid, int64_t num_groups) {
  auto buffer = Buffer::allocate(num_groups * static_cast<int64_t>(sizeof(T)));
  std::memcpy(buffer->data(), values.data(), num_groups * sizeof(T));
  return std::make_shared<Column>(type, num_groups, buffer, valid ? validity_from(*valid, num_groups) : nullptr);
}

// count(x) counts non-null values; len() counts rows.
class CountState final : public AggregateState {
 public:
  explicit CountState(bool count_rows) : count_rows_(count_rows) {}
  void resize(int64_t num_groups) override { counts_.resize(num_groups, 0); }
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    if (count_rows_ || inputs[0]->null_count() == 0) {
      for (int64_t row = 0; row < n; ++row) ++counts_[groups[row]];
    } else {
      const Column& input = *inputs[0];
      for (int64_t row = 0; row < n; ++row) counts_[groups[row]] += input.is_valid(row);
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<CountState&>(other).counts_;
    for (int64_t i = 0; i < count; ++i) counts_[target[i]] += from[source[i]];
  }
  // State: the int64 count.
  std::vector<DataType> state_types() const override { return {TypeId::kInt64}; }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    return {gather_state(TypeId::kInt64, counts_.data(), nullptr, groups, count)};
  }
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 0);
    const int64_t* from = columns[0]->values<int64_t>();
    for (int64_t i = 0; i < count; ++i) counts_[target[i]] += from[i];
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    return column_from(TypeId::kInt64, counts_, nullptr, num_groups);
  }
  int64_t memory_bytes() const override { return static_cast<int64_t>(counts_.capacity() * 8); }

 private:
  bool count_rows_;
  std::vector<int64_t> counts_;
};

// sum: null for a group without values (SQL); integers wrap on overflow.
// Reads its input type In directly and accumulates in T (int64, uint64,
// double or Int128), so no cast runs before it.
template <typename T, typename In>
class SumState final : public AggregateState {
 public:
  explicit SumState(DataType type) : type_(std::move(type)) {}
  void resize(int64_t num_groups) override {
    sums_.resize(num_groups, T{});
    seen_.resize(num_groups, 0);
  }
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    const Column& input = *inputs[0];
    const In* values = input.values<In>();
    T* sums = sums_.data();
    uint8_t* seen = seen_.data();
    if (input.null_count() == 0) {
      for (int64_t row = 0; row < n; ++row) {
        sums[groups[row]] = wrapping_add(sums[groups[row]], static_cast<T>(values[row]));
        seen[groups[row]] = 1;
      }
    } else {
      for (int64_t row = 0; row < n; ++row) {
        if (!input.is_valid(row)) continue;
        sums[groups[row]] = wrapping_add(sums[groups[row]], static_cast<T>(values[row]));
        seen[groups[row]] = 1;
      }
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<SumState&>(other);
    for (int64_t i = 0; i < count; ++i) {
      sums_[target[i]] = wrapping_add(sums_[target[i]], from.sums_[source[i]]);
      seen_[target[i]] |= from.seen_[source[i]];
    }
  }
  // State: the sum in the result type, null for a group without values.
  std::vector<DataType> state_types() const override { return {type_}; }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    return {gather_state(type_, sums_.data(), seen_.data(), groups, count)};
  }
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 1);
    const Column& from = *columns[0];
    const T* sums = from.values<T>();
    for (int64_t i = 0; i < count; ++i) {
      if (!from.is_valid(i)) continue;
      sums_[target[i]] = wrapping_add(sums_[target[i]], sums[i]);
      seen_[target[i]] = 1;
    }
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override { return column_from(type_, sums_, &seen_, num_groups); }
  int64_t memory_bytes() const override { return static_cast<int64_t>(sums_.capacity() * sizeof(T) + seen_.capacity()); }

 private:
  DataType type_;
  std::vector<T> sums_;
  std::vector<uint8_t> seen_;
};

// mean of decimals: the exact sum of the unscaled values (as DuckDB), then
// one division per group, so no value is converted to float64.
class DecimalMeanState final : public AggregateState {
 public:
  explicit DecimalMeanState(int scale) : scale_(scale) {}
  void resize(int64_t num_groups) override {
    sums_.resize(num_groups, 0);
    counts_.resize(num_groups, 0);
  }
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    const Column& input = *inputs[0];
    const Int128* values = input.values<Int128>();
    const bool has_nulls = input.null_count() > 0;
    for (int64_t row = 0; row < n; ++row) {
      if (has_nulls && !input.is_valid(row)) continue;
      sums_[groups[row]] = wrapping_add(sums_[groups[row]], values[row]);
      ++counts_[groups[row]];
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<DecimalMeanState&>(other);
    for (int64_t i = 0; i < count; ++i) {
      sums_[target[i]] = wrapping_add(sums_[target[i]], from.sums_[source[i]]);
      counts_[target[i]] += from.counts_[source[i]];
    }
  }
  // State: the unscaled sum and the int64 count of values.
  std::vector<DataType> state_types() const override { return {DataType::decimal128(38, scale_), TypeId::kInt64}; }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    return {gather_state(state_types()[0], sums_.data(), nullptr, groups, count),
            gather_state(TypeId::kInt64, counts_.data(), nullptr, groups, count)};
  }
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 0);
    const Int128* sums = columns[0]->values<Int128>();
    const int64_t* counts = columns[1]->values<int64_t>();
    for (int64_t i = 0; i < count; ++i) {
      sums_[target[i]] = wrapping_add(sums_[target[i]], sums[i]);
      counts_[target[i]] += counts[i];
    }
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    std::vector<double> means(num_groups);
    std::vector<uint8_t> valid(num_groups);
    const double unit = std::pow(10.0, scale_);
    for (int64_t group = 0; group < num_groups; ++group) {
      valid[group] = counts_[group] > 0;
      means[group] = valid[group] ? static_cast<double>(sums_[group]) / unit / static_cast<double>(counts_[group]) : 0;
    }
    return column_from(TypeId::kFloat64, means, &valid, num_groups);
  }
  int64_t memory_bytes() const override { return static_cast<int64_t>(sums_.capacity() * 24); }

 private:
  int scale_;
  std::vector<Int128> sums_;
  std::vector<int64_t> counts_;
};

template <typename In>
class MeanState final : public AggregateState {
 public:
  void resize(int64_t num_groups) override {
    sums_.resize(num_groups, 0);
    counts_.resize(num_groups, 0);
  }
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    const Column& input = *inputs[0];
    const In* values = input.values<In>();
    double* sums = sums_.data();
    int64_t* counts = counts_.data();
    if (input.null_count() == 0) {
      for (int64_t row = 0; row < n; ++row) {
        sums[groups[row]] += static_cast<double>(values[row]);
        ++counts[groups[row]];
      }
    } else {
      for (int64_t row = 0; row < n; ++row) {
        if (!input.is_valid(row)) continue;
        sums[groups[row]] += static_cast<double>(values[row]);
        ++counts[groups[row]];
      }
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<MeanState&>(other);
    for (int64_t i = 0; i < count; ++i) {
      sums_[target[i]] += from.sums_[source[i]];
      counts_[target[i]] += from.counts_[source[i]];
    }
  }
  // State: the float64 sum and the int64 count of values.
  std::vector<DataType> state_types() const override { return {TypeId::kFloat64, TypeId::kInt64}; }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    return {gather_state(TypeId::kFloat64, sums_.data(), nullptr, groups, count),
            gather_state(TypeId::kInt64, counts_.data(), nullptr, groups, count)};
  }
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 0);
    const double* sums = columns[0]->values<double>();
    const int64_t* counts = columns[1]->values<int64_t>();
    for (int64_t i = 0; i < count; ++i) {
      sums_[target[i]] += sums[i];
      counts_[target[i]] += counts[i];
    }
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    std::vector<double> means(num_groups);
    std::vector<uint8_t> valid(num_groups);
    for (int64_t group = 0; group < num_groups; ++group) {
      valid[group] = counts_[group] > 0;
      means[group] = valid[group] ? sums_[group] / static_cast<double>(counts_[group]) : 0;
    }
    return column_from(TypeId::kFloat64, means, &valid, num_groups);
  }
  int64_t memory_bytes() const override { return static_cast<int64_t>(sums_.capacity() * 16); }

 private:
  std::vector<double> sums_;
  std::vector<int64_t> counts_;
};

// Welford's running mean and squared deviations, merged with Chan's formula.
class VarianceState final : public AggregateState {
 public:
  VarianceState(int ddof, bool take_root) : ddof_(ddof), take_root_(take_root) {}
  void resize(int64_t num_groups) override {
    counts_.resize(num_groups, 0);
    means_.resize(num_groups, 0);
    squares_.resize(num_groups, 0);
  }
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    const Column& input = *inputs[0];
    const double* values = input.values<double>();
    const bool has_nulls = input.null_count() > 0;
    for (int64_t row = 0; row < n; ++row) {
      if (has_nulls && !input.is_valid(row)) continue;
      const uint32_t group = groups[row];
      const double count = static_cast<double>(++counts_[group]);
      const double delta = values[row] - means_[group];
      means_[group] += delta / count;
      squares_[group] += delta * (values[row] - means_[group]);
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<VarianceState&>(other);
    for (int64_t i = 0; i < count; ++i)
      combine(target[i], from.counts_[source[i]], from.means_[source[i]], from.squares_[source[i]]);
  }
  // State: the int64 count, the float64 mean and sum of squared deviations.
  std::vector<DataType> state_types() const override { return {TypeId::kInt64, TypeId::kFloat64, TypeId::kFloat64}; }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    return {gather_state(TypeId::kInt64, counts_.data(), nullptr, groups, count),
            gather_state(TypeId::kFloat64, means_.data(), nullptr, groups, count),
            gather_state(TypeId::kFloat64, squares_.data(), nullptr, groups, count)};
  }
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 0);
    const int64_t* counts = columns[0]->values<int64_t>();
    const double* means = columns[1]->values<double>();
    const double* squares = columns[2]->values<double>();
    for (int64_t i = 0; i < count; ++i) combine(target[i], counts[i], means[i], squares[i]);
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    std::vector<double> results(num_groups);
    std::vector<uint8_t> valid(num_groups);
    for (int64_t group = 0; group < num_groups; ++group) {
      valid[group] = counts_[group] > ddof_;
      if (!valid[group]) continue;
      const double variance = squares_[group] / static_cast<double>(counts_[group] - ddof_);
      results[group] = take_root_ ? std::sqrt(variance) : variance;
    }
    return column_from(TypeId::kFloat64, results, &valid, num_groups);
  }
  int64_t memory_bytes() const override { return static_cast<int64_t>(counts_.capacity() * 24); }

 private:
  // Chan's formula: folds a part of count_b values into group `to`.
  void combine(uint32_t to, int64_t count_b, double mean_b, double squares_b) {
    if (count_b == 0) return;
    const double n_a = static_cast<double>(counts_[to]), n_b = static_cast<double>(count_b);
    const double n = n_a + n_b, delta = mean_b - means_[to];
    means_[to] += delta * n_b / n;
    squares_[to] += squares_b + delta * delta * n_a * n_b / n;
    counts_[to] += count_b;
  }
  int ddof_;
  bool take_root_;
  std::vector<int64_t> counts_;
  std::vector<double> means_, squares_;
};

// Pearson correlation from sums of x, y, x*x, y*y and x*y over the rows
// where both are present: no division per row, and partial sums add up.
// Reads both inputs as their (common) type T, so integers need no cast.
template <typename T>
class CorrelationState final : public AggregateState {
 public:
  void resize(int64_t num_groups) override { sums_.resize(num_groups); }
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    const Column& x = *inputs[0];
    const Column& y = *inputs[1];
    const T* xs = x.values<T>();
    const T* ys = y.values<T>();
    const bool has_nulls = x.null_count() > 0 || y.null_count() > 0;
    Sums* sums = sums_.data();
    for (int64_t row = 0; row < n; ++row) {
      if (has_nulls && (!x.is_valid(row) || !y.is_valid(row))) continue;
      Sums& s = sums[groups[row]];
      const double a = static_cast<double>(xs[row]), b = static_cast<double>(ys[row]);
      s.count += 1;
      s.x += a;
      s.y += b;
      s.xx += a * a;
      s.yy += b * b;
      s.xy += a * b;
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<CorrelationState&>(other).sums_;
    for (int64_t i = 0; i < count; ++i) sums_[target[i]].add(from[source[i]]);
  }
  // State: the int64 count, then float64 sums of x, y, x*x, y*y and x*y.
  std::vector<DataType> state_types() const override {
    return {TypeId::kInt64, TypeId::kFloat64, TypeId::kFloat64, TypeId::kFloat64, TypeId::kFloat64, TypeId::kFloat64};
  }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    auto counts = Buffer::allocate(count * 8);
    for (int64_t i = 0; i < count; ++i) counts->data_as<int64_t>()[i] = static_cast<int64_t>(sums_[groups[i]].count);
    std::vector<std::shared_ptr<Column>> columns{std::make_shared<Column>(TypeId::kInt64, count, counts)};
    for (double Sums::*field : kSumFields) {
      auto values = Buffer::allocate(count * 8);
      for (int64_t i = 0; i < count; ++i) values->data_as<double>()[i] = sums_[groups[i]].*field;
      columns.push_back(std::make_shared<Column>(TypeId::kFloat64, count, values));
    }
    return columns;
  }
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 0);
    const int64_t* counts = columns[0]->values<int64_t>();
    for (int64_t i = 0; i < count; ++i) sums_[target[i]].count += static_cast<double>(counts[i]);
    for (size_t k = 0; k < kSumFields.size(); ++k) {
      const double* values = columns[k + 1]->values<double>();
      for (int64_t i = 0; i < count; ++i) sums_[target[i]].*kSumFields[k] += values[i];
    }
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    std::vector<double> results(num_groups);
    std::vector<uint8_t> valid(num_groups);
    for (int64_t group = 0; group < num_groups; ++group) {
      const Sums& s = sums_[group];
      const double n = s.count;
      const double cov = s.xy - s.x * s.y / n, var_x = s.xx - s.x * s.x / n, var_y = s.yy - s.y * s.y / n;
      valid[group] = n >= 2 && var_x > 0 && var_y > 0;
      if (valid[group]) results[group] = cov / std::sqrt(var_x * var_y);
    }
    return column_from(TypeId::kFloat64, results, &valid, num_groups);
  }
  int64_t memory_bytes() const override { return static_cast<int64_t>(sums_.capacity() * sizeof(Sums)); }

 private:
  struct Sums {
    double count = 0, x = 0, y = 0, xx = 0, yy = 0, xy = 0;
    void add(const Sums& other) {
      count += other.count;
      x += other.x;
      y += other.y;
      xx += other.xx;
      yy += other.yy;
      xy += other.xy;
    }
  };
  static constexpr std::array<double Sums::*, 5> kSumFields = {&Sums::x, &Sums::y, &Sums::xx, &Sums::yy, &Sums::xy};
  std::vector<Sums> sums_;
};

}  // namespace

std::unique_ptr<AggregateState> make_count_state(const plan::Expr&) { return std::make_unique<CountState>(false); }
std::unique_ptr<AggregateState> make_len_state(const plan::Expr&) { return std::make_unique<CountState>(true); }

std::unique_ptr<AggregateState> make_mean_state(const plan::Expr& aggregate) {
  return visit_fixed_width(aggregate_input_types(aggregate)[0], [&]<typename In>() -> std::unique_ptr<AggregateState> {
    if constexpr (std::is_same_v<In, Int128>) return std::make_unique<DecimalMeanState>(aggregate_input_types(aggregate)[0].scale);
    else return std::make_unique<MeanState<In>>();
  });
}

std::unique_ptr<AggregateState> make_var_state(const plan::Expr& aggregate) {
  return std::make_unique<VarianceState>(aggregate.options.ddof, false);
}

std::unique_ptr<AggregateState> make_std_state(const plan::Expr& aggregate) {
  return std::make_unique<VarianceState>(aggregate.options.ddof, true);
}

std::unique_ptr<AggregateState> make_corr_state(const plan::Expr& aggregate) {
  return visit_fixed_width(aggregate_input_types(aggregate)[0], [&]<typename T>() -> std::unique_ptr<AggregateState> {
    if constexpr (std::is_same_v<T, Int128>) throw InternalError("corr of decimals reads doubles");
    else return std::make_unique<CorrelationState<T>>();
  });
}

std::unique_ptr<AggregateState> make_sum_state(const plan::Expr& aggregate) {
  const DataType input = aggregate_input_types(aggregate)[0];
  return visit_fixed_width(input, [&]<typename In>() -> std::unique_ptr<AggregateState> {
    switch (aggregate.type.id) {
      case TypeId::kInt64:
        if constexpr (std::is_integral_v<In>) return std::make_unique<SumState<int64_t, In>>(aggregate.type);
        break;
      case TypeId::kUInt64:
        if constexpr (std::is_integral_v<In>) return std::make_unique<SumState<uint64_t, In>>(aggregate.type);
        break;
      case TypeId::kFloat64:
        if constexpr (std::is_floating_point_v<In>) return std::make_unique<SumState<double, In>>(aggregate.type);
        break;
      case TypeId::kDecimal128:
        if constexpr (std::is_same_v<In, Int128>) return std::make_unique<SumState<Int128, In>>(aggregate.type);
        break;
      default: break;
    }
    throw InternalError("sum of " + input.name() + " into " + aggregate.type.name());
  });
}

}  // namespace lode::exec
