// min and max (nulls skipped) and first and last (the value of the first or
// last row in input order, null included), for every type. Positions order
// rows across morsels that threads process in any order.

#include <cstring>
#include <limits>
#include <string>

#include "lode/core/column_builder.h"
#include "lode/exec/aggregates/state_columns.h"
#include "lode/exec/aggregates/state_factories.h"
#include "lode/exec/kernels/kernel.h"

namespace lode::exec {

namespace {

enum class Select { kMin, kMax, kFirst, kLast };

template <typename T>
struct FixedValues {
  using Value = T;
  static Value get(const Column& column, int64_t row) { return column.values<T>()[row]; }
  static void append(ColumnBuilder& builder, const Value& value) { builder.append<T>(value); }
};

struct StringValues {
  using Value = std::string;
  static Value get(const Column& column, int64_t row) { return std::string(column.string_at(row)); }
  static void append(ColumnBuilder& builder, const Value& value) { builder.append_string(value); }
};

struct BoolValues {
  using Value = uint8_t;
  static Value get(const Column& column, int64_t row) { return column.bool_at(row); }
  static void append(ColumnBuilder& builder, const Value& value) { builder.append_bool(value != 0); }
};

template <typename Values>
class SelectingState final : public AggregateState {
 public:
  SelectingState(DataType type, Select select) : type_(std::move(type)), select_(select) {}

  void resize(int64_t num_groups) override {
    values_.resize(num_groups);
    state_.resize(num_groups, kEmpty);
    positions_.resize(num_groups, 0);
  }

  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t first_position) override {
    const Column& input = *inputs[0];
    const bool ordered = is_ordered();
    for (int64_t row = 0; row < n; ++row) {
      const uint32_t group = groups[row];
      const bool valid = input.is_valid(row);
      if (ordered) {
        if (!valid) continue;
        if constexpr (std::is_same_v<typename Values::Value, std::string>) {
          std::string_view value = input.string_at(row);
          if (state_[group] == kEmpty || better(value, std::string_view(values_[group]))) {
            values_[group].assign(value);
            state_[group] = kValue;
          }
        } else {
          const auto value = Values::get(input, row);
          if (state_[group] == kEmpty || better(value, values_[group])) {
            values_[group] = value;
            state_[group] = kValue;
          }
        }
      } else {
        const int64_t position = first_position + row;
        if (state_[group] != kEmpty && !(select_ == Select::kFirst ? position < positions_[group]
                                                                  : position > positions_[group]))
          continue;
        positions_[group] = position;
        state_[group] = valid ? kValue : kNull;
        if (valid) values_[group] = Values::get(input, row);
      }
    }
  }

  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<SelectingState&>(other);
    const bool ordered = is_ordered();
    for (int64_t i = 0; i < count; ++i) {
      const uint32_t to = target[i], at = source[i];
      if (from.state_[at] == kEmpty) continue;
      bool take = state_[to] == kEmpty;
      if (!take && ordered) take = better(from.values_[at], values_[to]);
      if (!take && !ordered)
        take = select_ == Select::kFirst ? from.positions_[at] < positions_[to] : from.positions_[at] > positions_[to];
      if (!take) continue;
      values_[to] = from.values_[at];
      state_[to] = from.state_[at];
      positions_[to] = from.positions_[at];
    }
  }

  // State: the value (null when none), and for first and last the int64
  // position of the row it came from (null for a group without rows).
  std::vector<DataType> state_types() const override {
    if (is_ordered()) return {type_};
    return {type_, TypeId::kInt64};
  }

  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    ColumnBuilder builder(type_);
    builder.reserve(count);
    for (int64_t i = 0; i < count; ++i) {
      if (state_[groups[i]] == kValue) Values::append(builder, values_[groups[i]]);
      else builder.append_null();
    }
    if (is_ordered()) return {builder.finish()};
    // state_ is non-zero exactly for groups that saw a row.
    return {builder.finish(), gather_state(TypeId::kInt64, positions_.data(), state_.data(), groups, count)};
  }

  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, is_ordered() ? 1 : 2);
    if (is_ordered()) return update(columns, target, count, 0);  // as update(): nulls skipped, no positions
    const Column& values = *columns[0];
    const Column& positions = *columns[1];
    const int64_t* position_values = positions.values<int64_t>();
    for (int64_t i = 0; i < count; ++i) {
      if (!positions.is_valid(i)) continue;  // a group without rows
      const uint32_t to = target[i];
      const int64_t position = position_values[i];
      if (state_[to] != kEmpty && !(select_ == Select::kFirst ? position < positions_[to] : position > positions_[to]))
        continue;
      positions_[to] = position;
      state_[to] = values.is_valid(i) ? kValue : kNull;
      if (values.is_valid(i)) values_[to] = Values::get(values, i);
    }
  }

  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    ColumnBuilder builder(type_);
    builder.reserve(num_groups);
    for (int64_t group = 0; group < num_groups; ++group) {
      if (state_[group] == kValue) Values::append(builder, values_[group]);
      else builder.append_null();
    }
    return builder.finish();
  }

  int64_t memory_bytes() const override {
    return static_cast<int64_t>(values_.capacity() * sizeof(typename Values::Value) + state_.capacity() +
                                positions_.capacity() * 8);
  }

 private:
  static constexpr uint8_t kEmpty = 0, kValue = 1, kNull = 2;

  bool is_ordered() const { return select_ == Select::kMin || select_ == Select::kMax; }

  template <typename V>
  bool better(const V& candidate, const V& current) const {
    return select_ == Select::kMin ? candidate < current : current < candidate;
  }

  DataType type_;
  Select select_;
  std::vector<typename Values::Value> values_;
  std::vector<uint8_t> state_;
  std::vector<int64_t> positions_;
};

// min and max of numbers: a tight loop against sentinels (+/- the type's
// extreme), with a flag per group for "saw a value". NaNs never win.
template <typename T, bool kMax>
class MinMaxState final : public AggregateState {
 public:
  explicit MinMaxState(DataType type) : type_(std::move(type)) {}
  void resize(int64_t num_groups) override {
    values_.resize(num_groups, start());
    seen_.resize(num_groups, 0);
  }
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t) override {
    const Column& input = *inputs[0];
    const T* in = input.values<T>();
    T* values = values_.data();
    uint8_t* seen = seen_.data();
    const bool has_nulls = input.null_count() > 0;
    for (int64_t row = 0; row < n; ++row) {
      if (has_nulls && !input.is_valid(row)) continue;
      const uint32_t group = groups[row];
      const T value = in[row];
      if (better(value, values[group])) values[group] = value;
      if constexpr (std::is_floating_point_v<T>) seen[group] |= value == value;
      else seen[group] = 1;
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    auto& from = static_cast<MinMaxState&>(other);
    for (int64_t i = 0; i < count; ++i) {
      if (!from.seen_[source[i]]) continue;
      if (!seen_[target[i]] || better(from.values_[source[i]], values_[target[i]]))
        values_[target[i]] = from.values_[source[i]];
      seen_[target[i]] = 1;
    }
  }
  // State: the value, null for a group without one.
  std::vector<DataType> state_types() const override { return {type_}; }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    return {gather_state(type_, values_.data(), seen_.data(), groups, count)};
  }
  // Null rows are skipped and values compete as in update() (no NaN is kept).
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 1);
    update(columns, target, count, 0);
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    auto buffer = Buffer::allocate(num_groups * static_cast<int64_t>(sizeof(T)));
    std::memcpy(buffer->data(), values_.data(), num_groups * sizeof(T));
    bool all_seen = true;
    for (int64_t group = 0; group < num_groups; ++group) all_seen &= seen_[group] != 0;
    return std::make_shared<Column>(type_, num_groups, buffer, all_seen ? nullptr : pack_bits(seen_.data(), num_groups));
  }
  int64_t memory_bytes() const override { return static_cast<int64_t>(values_.capacity() * (sizeof(T) + 1)); }

 private:
  static T start() {
    if constexpr (std::is_floating_point_v<T>)
      return kMax ? -std::numeric_limits<T>::infinity() : std::numeric_limits<T>::infinity();
    else return kMax ? std::numeric_limits<T>::lowest() : std::numeric_limits<T>::max();
  }
  static bool better(T candidate, T current) { return kMax ? current < candidate : candidate < current; }

  DataType type_;
  std::vector<T> values_;
  std::vector<uint8_t> seen_;
};

template <Select select>
std::unique_ptr<AggregateState> make_selecting_state(const plan::Expr& aggregate) {
  const DataType& type = aggregate.type;
  if (type.id == TypeId::kString) return std::make_unique<SelectingState<StringValues>>(type, select);
  if (type.id == TypeId::kBool) return std::make_unique<SelectingState<BoolValues>>(type, select);
  if ((select == Select::kMin || select == Select::kMax) && type.is_numeric() && type.id != TypeId::kDecimal128) {
    return visit_fixed_width(type, [&]<typename T>() -> std::unique_ptr<AggregateState> {
      if (select == Select::kMax) return std::make_unique<MinMaxState<T, true>>(type);
      return std::make_unique<MinMaxState<T, false>>(type);
    });
  }
  return visit_fixed_width(type, [&]<typename T>() -> std::unique_ptr<AggregateState> {
    return std::make_unique<SelectingState<FixedValues<T>>>(type, select);
  });
}

}  // namespace

std::unique_ptr<AggregateState> make_min_state(const plan::Expr& aggregate) {
  return make_selecting_state<Select::kMin>(aggregate);
}
std::unique_ptr<AggregateState> make_max_state(const plan::Expr& aggregate) {
  return make_selecting_state<Select::kMax>(aggregate);
}
std::unique_ptr<AggregateState> make_first_state(const plan::Expr& aggregate) {
  return make_selecting_state<Select::kFirst>(aggregate);
}
std::unique_ptr<AggregateState> make_last_state(const plan::Expr& aggregate) {
  return make_selecting_state<Select::kLast>(aggregate);
}

}  // namespace lode::exec
