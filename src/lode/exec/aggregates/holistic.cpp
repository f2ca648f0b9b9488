// median and quantile (linear interpolation, as pandas and DuckDB's
// quantile_cont) keep each group's values; n_unique (exact; nulls not
// counted, as in SQL and pandas) keeps (group, value) pairs that finalize()
// orders by group with a counting sort.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>
#include <string_view>

#include "lode/core/error.h"
#include "lode/exec/aggregates/state_columns.h"
#include "lode/exec/aggregates/state_factories.h"
#include "lode/exec/group_keys.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

namespace {

// Returns, for pairs (group[i], value[i]), the values reordered so that each
// group's values are contiguous, and the start of each group's run.
template <typename V>
void order_by_group(const std::vector<uint32_t>& groups, std::vector<V>& values, int64_t num_groups,
                    std::vector<int64_t>& starts) {
  starts.assign(num_groups + 1, 0);
  for (uint32_t group : groups) ++starts[group + 1];
  for (int64_t group = 0; group < num_groups; ++group) starts[group + 1] += starts[group];
  std::vector<int64_t> next(starts.begin(), starts.end() - 1);
  std::vector<V> ordered(values.size());
  for (size_t i = 0; i < groups.size(); ++i) ordered[next[groups[i]]++] = std::move(values[i]);
  values.swap(ordered);
}

template <typename V>
class PairsState : public AggregateState {
 public:
  void resize(int64_t) override {}
  // Merges run in parallel, one partition each, all reading the same
  // thread-local state: the first one orders that state's pairs by group
  // (once), so that each merge visits only its groups' pairs.
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<PairsState&>(other);
    std::call_once(from.ordered_once_, [&from] {
      uint32_t max_group = 0;
      for (uint32_t group : from.groups_) max_group = std::max(max_group, group);
      order_by_group(from.groups_, from.values_, from.groups_.empty() ? 0 : max_group + 1, from.starts_);
    });
    for (int64_t i = 0; i < count; ++i) {
      if (source[i] + 1 >= from.starts_.size()) continue;
      for (int64_t j = from.starts_[source[i]]; j < from.starts_[source[i] + 1]; ++j) {
        groups_.push_back(target[i]);
        values_.push_back(std::move(from.values_[j]));
      }
    }
  }
  int64_t memory_bytes() const override {
    return static_cast<int64_t>(groups_.capacity() * 4 + values_.capacity() * sizeof(V));
  }

 protected:
  std::vector<uint32_t> groups_;
  std::vector<V> values_;

 private:
  std::once_flag ordered_once_;
  std::vector<int64_t> starts_;
};

// Keeps each group's values in its own vector: appends stay in cache for
// up to tens of thousands of groups, merging moves whole vectors, and
// finalize selects in place (nth_element), with no sort by group.
class QuantileState final : public AggregateState {
 public:
  explicit QuantileState(double quantile) : quantile_(quantile) {}
  void resize(int64_t num_groups) override {
    if (static_cast<int64_t>(values_.size()) < num_groups) values_.resize(num_groups);
  }
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    const Column& input = *inputs[0];
    const double* values = input.values<double>();
    const bool has_nulls = input.null_count() > 0;
    std::vector<double>* per_group = values_.data();
    for (int64_t row = 0; row < n; ++row) {
      if ((has_nulls && !input.is_valid(row)) || std::isnan(values[row])) continue;
      per_group[groups[row]].push_back(values[row]);
      ++value_count_;
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<QuantileState&>(other).values_;
    for (int64_t i = 0; i < count; ++i) {
      std::vector<double>& into = values_[target[i]];
      std::vector<double>& part = from[source[i]];
      value_count_ += static_cast<int64_t>(part.size());
      if (into.empty()) into.swap(part);
      else into.insert(into.end(), part.begin(), part.end());
    }
  }
  // State: the group's values (no nulls, no NaNs) as a list<float64>,
  // empty for a group without values.
  std::vector<DataType> state_types() const override { return {DataType::list(TypeId::kFloat64)}; }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    auto offsets = Buffer::allocate((count + 1) * 8);
    int64_t* starts = offsets->data_as<int64_t>();
    starts[0] = 0;
    for (int64_t i = 0; i < count; ++i) starts[i + 1] = starts[i] + static_cast<int64_t>(values_[groups[i]].size());
    auto elements = Buffer::allocate(starts[count] * 8);
    for (int64_t i = 0; i < count; ++i)
      std::copy(values_[groups[i]].begin(), values_[groups[i]].end(), elements->data_as<double>() + starts[i]);
    auto element_column = std::make_shared<Column>(TypeId::kFloat64, starts[count], elements);
    return {Column::make_list(state_types()[0], count, offsets, element_column)};
  }
  // Skips null and NaN elements, as update() skips such rows.
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 0);
    const int64_t* offsets = columns[0]->list_offsets();
    const Column& elements = *columns[0]->list_elements();
    const double* values = elements.values<double>();
    for (int64_t i = 0; i < count; ++i) {
      std::vector<double>& into = values_[target[i]];
      for (int64_t j = offsets[i]; j < offsets[i + 1]; ++j) {
        if (!elements.is_valid(j) || std::isnan(values[j])) continue;
        into.push_back(values[j]);
        ++value_count_;
      }
    }
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    auto result = Buffer::allocate(num_groups * 8);
    std::vector<uint8_t> valid(num_groups);
    double* out = result->data_as<double>();
    for (int64_t group = 0; group < num_groups; ++group) {
      std::vector<double>& values = values_[group];
      valid[group] = !values.empty();
      out[group] = values.empty() ? 0 : interpolate(values.data(), static_cast<int64_t>(values.size()));
    }
    bool all_valid = std::all_of(valid.begin(), valid.end(), [](uint8_t v) { return v; });
    return std::make_shared<Column>(TypeId::kFloat64, num_groups, result,
                                    all_valid ? nullptr : pack_bits(valid.data(), num_groups));
  }
  // Counts values rather than walking the groups, since the sink asks after every batch.
  int64_t memory_bytes() const override {
    return static_cast<int64_t>(values_.capacity() * sizeof(std::vector<double>)) + value_count_ * 8;
  }

 private:
  double interpolate(double* values, int64_t count) const {
    const double position = quantile_ * static_cast<double>(count - 1);
    const int64_t below = static_cast<int64_t>(std::floor(position));
    std::nth_element(values, values + below, values + count);
    const double low = values[below];
    if (below + 1 >= count || position == static_cast<double>(below)) return low;
    const double high = *std::min_element(values + below + 1, values + count);
    return low + (high - low) * (position - static_cast<double>(below));
  }
  double quantile_;
  std::vector<std::vector<double>> values_;
  int64_t value_count_ = 0;
};

// n_unique over encoded values (the group-key encoding, so every type and
// exact equality come for free).
class DistinctCountState final : public PairsState<std::string> {
 public:
  explicit DistinctCountState(DataType type) : encoder_({std::move(type)}) {}
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    const Column& input = *inputs[0];
    encoder_.encode({inputs[0]}, n);
    for (int64_t row = 0; row < n; ++row) {
      if (!input.is_valid(row)) continue;
      groups_.push_back(groups[row]);
      values_.emplace_back(encoder_.key(row));
    }
  }
  // State: the group's distinct values as a list of the input type, in the
  // order of their encoded keys; n_unique needs no repeats.
  std::vector<DataType> state_types() const override { return {DataType::list(encoder_.key_types()[0])}; }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override;
  // Skips null elements, as update() skips null rows.
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 0);
    const int64_t* offsets = columns[0]->list_offsets();
    const int64_t first = offsets[0], num_elements = offsets[count] - offsets[0];
    auto elements = columns[0]->list_elements()->slice(first, num_elements);
    encoder_.encode({elements}, num_elements);
    for (int64_t i = 0; i < count; ++i) {
      for (int64_t j = offsets[i] - first; j < offsets[i + 1] - first; ++j) {
        if (!elements->is_valid(j)) continue;
        groups_.push_back(target[i]);
        values_.emplace_back(encoder_.key(j));
      }
    }
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    std::vector<int64_t> starts;
    order_by_group(groups_, values_, num_groups, starts);
    auto result = Buffer::allocate(num_groups * 8);
    int64_t* out = result->data_as<int64_t>();
    for (int64_t group = 0; group < num_groups; ++group) {
      auto begin = values_.begin() + starts[group], end = values_.begin() + starts[group + 1];
      std::sort(begin, end);
      out[group] = std::unique(begin, end) - begin;
    }
    return std::make_shared<Column>(TypeId::kInt64, num_groups, result);
  }

 private:
  KeyEncoder encoder_;
};

std::vector<std::shared_ptr<Column>> DistinctCountState::extract(const uint32_t* groups, int64_t count) const {
  // Orders pair indices by group (a counting sort), leaving the pairs as they are.
  uint32_t max_group = 0;
  for (uint32_t group : groups_) max_group = std::max(max_group, group);
  for (int64_t i = 0; i < count; ++i) max_group = std::max(max_group, groups[i]);
  std::vector<int64_t> starts(static_cast<size_t>(max_group) + 2, 0);
  for (uint32_t group : groups_) ++starts[group + 1];
  for (size_t group = 0; group + 1 < starts.size(); ++group) starts[group + 1] += starts[group];
  std::vector<int64_t> next(starts.begin(), starts.end() - 1), order(groups_.size());
  for (size_t pair = 0; pair < groups_.size(); ++pair) order[next[groups_[pair]]++] = static_cast<int64_t>(pair);

  auto offsets = Buffer::allocate((count + 1) * 8);
  int64_t* list_starts = offsets->data_as<int64_t>();
  list_starts[0] = 0;
  std::vector<std::string_view> keys;
  for (int64_t i = 0; i < count; ++i) {
    const size_t begin = keys.size();
    for (int64_t j = starts[groups[i]]; j < starts[groups[i] + 1]; ++j) keys.emplace_back(values_[order[j]]);
    std::sort(keys.begin() + begin, keys.end());
    keys.erase(std::unique(keys.begin() + begin, keys.end()), keys.end());
    list_starts[i + 1] = static_cast<int64_t>(keys.size());
  }
  auto elements = KeyEncoder::decode(encoder_.key_types(), keys)[0];
  return {Column::make_list(state_types()[0], count, offsets, std::move(elements))};
}

}  // namespace

std::unique_ptr<AggregateState> make_median_state(const plan::Expr&) { return std::make_unique<QuantileState>(0.5); }

std::unique_ptr<AggregateState> make_quantile_state(const plan::Expr& aggregate) {
  const double quantile = aggregate.options.quantile;
  if (!(quantile >= 0 && quantile <= 1))
    throw InvalidInputError("quantile must be between 0 and 1, got " + std::to_string(quantile));
  return std::make_unique<QuantileState>(quantile);
}

std::unique_ptr<AggregateState> make_n_unique_state(const plan::Expr& aggregate) {
  return std::make_unique<DistinctCountState>(aggregate.args[0]->type);
}

}  // namespace lode::exec
