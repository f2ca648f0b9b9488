#include "lode/exec/aggregates/aggregate_state.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <string>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/kernels/scalar_functions.h"

namespace lode::exec {
namespace {

// Rows fall into groups 0..5; group 5's values are all null and group 6 has
// no rows. The split point is off a byte boundary, so halves are slices
// whose validity starts mid-byte.
constexpr int64_t kRows = 1000;
constexpr int64_t kGroups = 7;
constexpr int64_t kHalf = 437;

struct Case {
  std::string name;
  std::vector<DataType> input_types;
  plan::ExprOptions options = {};
  bool with_nan = false;

  std::string label() const {
    std::string text = name + "(";
    for (const auto& type : input_types) text += type.name() + (&type == &input_types.back() ? "" : ", ");
    return text + (with_nan ? ", with NaN)" : ")");
  }
};

plan::ExprOptions quantile(double value) {
  plan::ExprOptions options;
  options.quantile = value;
  return options;
}

plan::ExprOptions ddof(int value) {
  plan::ExprOptions options;
  options.ddof = value;
  return options;
}

plan::ExprOptions separator(const std::string& text) {
  plan::ExprOptions options;
  options.separator = text;
  return options;
}

// Every aggregate make_aggregate_state() dispatches, over the input types
// that pick its different state classes.
std::vector<Case> all_cases() {
  const DataType decimal = DataType::decimal128(10, 2);
  return {
      {"count", {TypeId::kInt64}}, {"count", {TypeId::kString}}, {"len", {}},
      {"sum", {TypeId::kInt64}}, {"sum", {TypeId::kInt32}}, {"sum", {TypeId::kUInt32}},
      {"sum", {TypeId::kFloat64}}, {"sum", {TypeId::kFloat32}}, {"sum", {TypeId::kBool}}, {"sum", {decimal}},
      {"mean", {TypeId::kInt64}}, {"mean", {TypeId::kFloat64}}, {"mean", {TypeId::kBool}}, {"mean", {decimal}},
      {"var", {TypeId::kFloat64}}, {"var", {TypeId::kInt64}, ddof(0)}, {"std", {TypeId::kFloat64}},
      {"std", {TypeId::kInt32}, ddof(0)},
      {"corr", {TypeId::kFloat64, TypeId::kFloat64}}, {"corr", {TypeId::kInt64, TypeId::kInt64}},
      {"corr", {TypeId::kInt32, TypeId::kFloat64}},
      {"min", {TypeId::kInt64}}, {"max", {TypeId::kInt64}}, {"min", {TypeId::kFloat64}, {}, true},
      {"max", {TypeId::kFloat32}}, {"min", {TypeId::kString}}, {"max", {TypeId::kString}},
      {"min", {TypeId::kBool}}, {"max", {TypeId::kBool}}, {"min", {decimal}}, {"max", {decimal}},
      {"min", {TypeId::kDate32}}, {"max", {DataType::timestamp()}},
      {"first", {TypeId::kInt64}}, {"last", {TypeId::kInt64}}, {"first", {TypeId::kString}},
      {"last", {TypeId::kString}}, {"first", {TypeId::kBool}}, {"last", {TypeId::kFloat64}, {}, true},
      {"first", {decimal}}, {"last", {TypeId::kDate32}},
      {"median", {TypeId::kFloat64}, {}, true}, {"median", {TypeId::kInt64}},
      {"quantile", {TypeId::kFloat64}, quantile(0.9)}, {"quantile", {TypeId::kInt32}, quantile(0.25)},
      {"n_unique", {TypeId::kInt64}}, {"n_unique", {TypeId::kString}}, {"n_unique", {TypeId::kFloat64}, {}, true},
      {"n_unique", {TypeId::kBool}}, {"n_unique", {decimal}},
      {"str_join", {TypeId::kString}, separator(", ")},
  };
}

// Row r holds base(r) plus noise, so two inputs of one case are correlated
// (corr stays far from 0, where a relative tolerance means nothing).
std::shared_ptr<Column> random_column(const DataType& type, const std::vector<uint32_t>& groups, uint64_t seed,
                                      bool with_nan) {
  std::mt19937_64 random(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  ColumnBuilder builder(type);
  for (int64_t row = 0; row < kRows; ++row) {
    if (groups[row] == 5 || unit(random) < 0.2) {
      builder.append_null();
      continue;
    }
    const int64_t base = row * 37 % 100 + 1;
    const int64_t noise = static_cast<int64_t>(random() % 10);
    const double fraction = unit(random);
    switch (type.id) {
      case TypeId::kBool: builder.append_bool(noise < 5); break;
      case TypeId::kString: builder.append_string("v" + std::to_string(base % 23 + noise)); break;
      case TypeId::kFloat32: builder.append<float>(static_cast<float>(base + fraction * 10)); break;
      case TypeId::kFloat64:
        builder.append<double>(with_nan && noise == 0 ? std::nan("") : static_cast<double>(base) + fraction * 10);
        break;
      case TypeId::kDecimal128: builder.append<Int128>(static_cast<Int128>(base * 100 + noise * 7)); break;
      default:
        visit_fixed_width(type, [&]<typename T>() { builder.append<T>(static_cast<T>(base + noise)); });
    }
  }
  return builder.finish();
}

// One case's bound aggregate and its inputs, cast as the hash aggregate casts them.
struct Input {
  explicit Input(const Case& test_case) {
    std::mt19937_64 random(42);
    for (int64_t row = 0; row < kRows; ++row) groups.push_back(static_cast<uint32_t>(random() % 6));
    std::vector<Field> fields;
    std::vector<plan::ExprPtr> args;
    for (size_t arg = 0; arg < test_case.input_types.size(); ++arg) {
      const std::string name(1, static_cast<char>('a' + arg));
      fields.push_back({name, test_case.input_types[arg]});
      args.push_back(plan::column(name));
    }
    call = plan::bind_expr(plan::aggregate(test_case.name, args, test_case.options), Schema(fields));
    const std::vector<DataType> input_types = aggregate_input_types(*call);
    for (size_t arg = 0; arg < input_types.size(); ++arg) {
      auto column = random_column(test_case.input_types[arg], groups, 1000 + arg, test_case.with_nan);
      if (column->type() != input_types[arg]) column = cast_column(*column, input_types[arg], true);
      inputs.push_back(column);
    }
  }

  // Returns a state updated with rows [begin, end), positioned as in the whole input.
  std::unique_ptr<AggregateState> updated(int64_t begin, int64_t end) const {
    auto state = make_aggregate_state(*call);
    state->resize(kGroups);
    std::vector<std::shared_ptr<Column>> slices;
    for (const auto& input : inputs) slices.push_back(input->slice(begin, end - begin));
    state->update(slices, groups.data() + begin, end - begin, begin);
    return state;
  }

  plan::ExprPtr call;
  std::vector<uint32_t> groups;
  std::vector<std::shared_ptr<Column>> inputs;
};

// Extracts groups `ids` and checks the columns against state_types().
std::vector<std::shared_ptr<Column>> extract(const AggregateState& state, const std::vector<uint32_t>& ids) {
  auto columns = state.extract(ids.data(), static_cast<int64_t>(ids.size()));
  const std::vector<DataType> types = state.state_types();
  EXPECT_EQ(columns.size(), types.size());
  for (size_t i = 0; i < columns.size() && i < types.size(); ++i) {
    EXPECT_EQ(columns[i]->type(), types[i]) << "state column " << i;
    EXPECT_EQ(columns[i]->length(), static_cast<int64_t>(ids.size())) << "state column " << i;
  }
  return columns;
}

// Sums, means, variances and correlations of floats add up in another order.
bool approximate(const Case& test_case, const Column& result) {
  const bool accumulates = test_case.name == "sum" || test_case.name == "mean" || test_case.name == "var" ||
                           test_case.name == "std" || test_case.name == "corr";
  return accumulates && result.type().is_floating();
}

// Checks that actual row `order[g]` equals expected row g for every group g.
void expect_same_results(const Column& expected, const Column& actual, const std::vector<uint32_t>& order,
                         bool approx) {
  ASSERT_EQ(expected.type(), actual.type());
  ASSERT_EQ(expected.length(), kGroups);
  ASSERT_EQ(actual.length(), kGroups);
  int64_t valid_groups = 0;
  for (int64_t group = 0; group < kGroups; ++group) {
    const Scalar want = scalar_at(expected, group), got = scalar_at(actual, order[group]);
    valid_groups += !want.is_null;
    if (!approx || want.is_null || got.is_null) {
      EXPECT_EQ(want, got) << "group " << group << ": want " << want.to_string() << ", got " << got.to_string();
    } else {
      const double scale = std::max(std::abs(want.real), std::abs(got.real));
      EXPECT_LE(std::abs(want.real - got.real), 1e-9 * scale) << "group " << group << ": want " << want.real
                                                              << ", got " << got.real;
    }
  }
  EXPECT_GE(valid_groups, 1) << "the data leaves every group null, which tests little";
}

std::vector<uint32_t> identity(int64_t count) {
  std::vector<uint32_t> ids(count);
  std::iota(ids.begin(), ids.end(), 0);
  return ids;
}

TEST(AggregateStateTest, AbsorbingTwoHalvesEqualsUpdatingWithAllRows) {
  for (const Case& test_case : all_cases()) {
    SCOPED_TRACE(test_case.label());
    Input input(test_case);
    auto whole = input.updated(0, kRows);
    auto first = input.updated(0, kHalf), second = input.updated(kHalf, kRows);
    const std::vector<uint32_t> ids = identity(kGroups);
    auto combined = make_aggregate_state(*input.call);
    combined->resize(kGroups);
    combined->absorb(extract(*first, ids), ids.data(), kGroups);
    combined->absorb(extract(*second, ids), ids.data(), kGroups);
    auto expected = whole->finalize(kGroups), actual = combined->finalize(kGroups);
    expect_same_results(*expected, *actual, ids, approximate(test_case, *expected));
  }
}

// Extracts the groups in a shuffled order and absorbs them into permuted
// group ids: group g's partials land in group target[g].
TEST(AggregateStateTest, AbsorbFollowsReorderedGroupIds) {
  std::mt19937_64 random(7);
  for (const Case& test_case : all_cases()) {
    SCOPED_TRACE(test_case.label());
    Input input(test_case);
    auto whole = input.updated(0, kRows);
    std::vector<uint32_t> sources = identity(kGroups), target = identity(kGroups);
    std::shuffle(sources.begin(), sources.end(), random);
    std::shuffle(target.begin(), target.end(), random);
    std::vector<uint32_t> targets(kGroups);
    for (int64_t i = 0; i < kGroups; ++i) targets[i] = target[sources[i]];
    auto combined = make_aggregate_state(*input.call);
    combined->resize(kGroups);
    const std::unique_ptr<AggregateState> parts[] = {input.updated(0, kHalf), input.updated(kHalf, kRows)};
    for (const auto& part : parts) combined->absorb(extract(*part, sources), targets.data(), kGroups);
    auto expected = whole->finalize(kGroups), actual = combined->finalize(kGroups);
    expect_same_results(*expected, *actual, target, approximate(test_case, *expected));
  }
}

// A group absorbed from the extracts of one state twice: rows whose
// partials repeat in one call all land in their target.
TEST(AggregateStateTest, AbsorbFoldsRepeatedTargetsInOneCall) {
  for (const Case& test_case : all_cases()) {
    SCOPED_TRACE(test_case.label());
    Input input(test_case);
    auto whole = input.updated(0, kRows);
    auto first = input.updated(0, kHalf), second = input.updated(kHalf, kRows);
    // Rows 0..6 hold the first half's groups, rows 7..13 the second half's.
    const std::vector<uint32_t> ids = identity(kGroups);
    auto from_first = extract(*first, ids), from_second = extract(*second, ids);
    std::vector<std::shared_ptr<Column>> both;
    for (size_t i = 0; i < from_first.size(); ++i) both.push_back(concatenate({from_first[i], from_second[i]}));
    std::vector<uint32_t> targets = ids;
    targets.insert(targets.end(), ids.begin(), ids.end());
    auto combined = make_aggregate_state(*input.call);
    combined->resize(kGroups);
    combined->absorb(both, targets.data(), 2 * kGroups);
    auto expected = whole->finalize(kGroups), actual = combined->finalize(kGroups);
    expect_same_results(*expected, *actual, ids, approximate(test_case, *expected));
  }
}

// Empty groups, and no groups at all, extract and absorb as nothing.
TEST(AggregateStateTest, EmptyGroupsExtractAndAbsorbAsEmpty) {
  for (const Case& test_case : all_cases()) {
    SCOPED_TRACE(test_case.label());
    Input input(test_case);
    auto empty = make_aggregate_state(*input.call);
    empty->resize(kGroups);
    const std::vector<uint32_t> ids = identity(kGroups);
    auto combined = make_aggregate_state(*input.call);
    combined->resize(kGroups);
    combined->absorb(extract(*empty, ids), ids.data(), kGroups);
    combined->absorb(extract(*input.updated(0, kRows), {}), ids.data(), 0);
    auto expected = empty->finalize(kGroups), actual = combined->finalize(kGroups);
    ASSERT_EQ(expected->type(), actual->type());
    for (int64_t group = 0; group < kGroups; ++group) EXPECT_EQ(scalar_at(*expected, group), scalar_at(*actual, group));
  }
}

TEST(AggregateStateTest, AbsorbRejectsColumnsOfOtherTypes) {
  Input input({"mean", {TypeId::kFloat64}});
  auto state = input.updated(0, kRows);
  const std::vector<uint32_t> ids = identity(kGroups);
  auto columns = extract(*state, ids);
  std::swap(columns[0], columns[1]);
  EXPECT_THROW(state->absorb(columns, ids.data(), kGroups), InternalError);
  columns.pop_back();
  EXPECT_THROW(state->absorb(columns, ids.data(), kGroups), InternalError);
}

}  // namespace
}  // namespace lode::exec
