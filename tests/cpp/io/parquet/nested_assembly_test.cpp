// Record assembly from hand-made repetition and definition levels, as the
// Dremel paper and Parquet's spec lay them out.
#include "lode/io/parquet/nested_assembly.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/value_text.h"

namespace lode::io::parquet {
namespace {

using Kind = NestedNode::Kind;

LeafEntries entries(std::vector<int16_t> repetition, std::vector<int16_t> definition,
                    std::initializer_list<std::optional<int64_t>> values) {
  ColumnBuilder builder(TypeId::kInt64);
  for (auto value : values) {
    if (value) builder.append<int64_t>(*value);
    else builder.append_null();
  }
  return LeafEntries{builder.finish(), std::move(repetition), std::move(definition)};
}

NestedNode leaf(const std::string& name, int index, bool nullable, int16_t defined) {
  return NestedNode{.kind = Kind::kLeaf, .type = TypeId::kInt64, .name = name, .nullable = nullable,
                    .defined_level = defined, .leaf = index};
}

NestedNode list(const std::string& name, bool nullable, int16_t defined, int16_t repeat, NestedNode element) {
  NestedNode node{.kind = Kind::kList, .type = DataType::list(element.type), .name = name, .nullable = nullable,
                  .defined_level = defined, .element_level = static_cast<int16_t>(defined + 1),
                  .repeat_level = repeat};
  node.children.push_back(std::move(element));
  return node;
}

NestedColumn column_of(NestedNode root, int num_leaves) {
  NestedColumn column{.root = std::move(root)};
  for (int i = 0; i < num_leaves; ++i) column.leaves.push_back(ColumnDescriptor{.name = "leaf" + std::to_string(i)});
  return column;
}

std::vector<std::string> texts(const Column& column) {
  std::vector<std::string> result;
  for (int64_t row = 0; row < column.length(); ++row) {
    std::string text = "null";
    if (column.is_valid(row)) {
      text.clear();
      append_value_text(column, row, text);
    }
    result.push_back(text);
  }
  return result;
}

// optional group a (LIST) { repeated group list { optional int64 element } }
NestedColumn optional_list() {
  return column_of(list("a", true, 1, 1, leaf("element", 0, true, 3)), 1);
}

TEST(NestedAssemblyTest, ListsWithNullAndEmptyValuesAndNullElements) {
  // [[1, null], null, [], [2]]
  std::vector<LeafEntries> leaves;
  leaves.push_back(entries({0, 1, 0, 0, 0}, {3, 2, 0, 1, 3}, {1, std::nullopt, std::nullopt, std::nullopt, 2}));
  auto column = assemble_nested(optional_list(), leaves, 4);
  EXPECT_EQ(texts(*column), (std::vector<std::string>{"[1, NULL]", "null", "[]", "[2]"}));
}

TEST(NestedAssemblyTest, StructFieldsRepeatingDifferently) {
  // optional group s { optional int64 x; repeated int64 ys; }
  NestedNode root{.kind = Kind::kStruct, .name = "s", .nullable = true, .defined_level = 1};
  root.children.push_back(leaf("x", 0, true, 2));
  root.children.push_back(list("ys", false, 1, 1, leaf("ys", 1, false, 2)));
  root.type = DataType::struct_of({"x", "ys"}, {TypeId::kInt64, DataType::list(TypeId::kInt64)});
  std::vector<LeafEntries> leaves;
  leaves.push_back(entries({0, 0, 0}, {2, 0, 1}, {5, std::nullopt, std::nullopt}));
  leaves.push_back(entries({0, 1, 0, 0}, {2, 2, 0, 1}, {1, 2, std::nullopt, std::nullopt}));
  auto column = assemble_nested(column_of(root, 2), leaves, 3);
  EXPECT_EQ(texts(*column), (std::vector<std::string>{"{'x': 5, 'ys': [1, 2]}", "null", "{'x': NULL, 'ys': []}"}));
}

TEST(NestedAssemblyTest, ListsOfLists) {
  // repeated group outer { repeated int64 inner }: [[[1, 2], [3]], [[]], []]
  NestedNode inner = list("inner", false, 1, 2, leaf("inner", 0, false, 2));
  NestedNode outer = list("outer", false, 0, 1, inner);
  std::vector<LeafEntries> leaves;
  leaves.push_back(entries({0, 2, 1, 0, 0}, {2, 2, 2, 1, 0}, {1, 2, 3, std::nullopt, std::nullopt}));
  auto column = assemble_nested(column_of(outer, 1), leaves, 3);
  EXPECT_EQ(texts(*column), (std::vector<std::string>{"[[1, 2], [3]]", "[[]]", "[]"}));
}

TEST(NestedAssemblyTest, ContradictoryLevelsAreParseErrors) {
  std::vector<LeafEntries> continues_empty;
  continues_empty.push_back(entries({0, 1}, {1, 3}, {std::nullopt, 4}));
  EXPECT_THROW(assemble_nested(optional_list(), continues_empty, 1), ParseError);

  std::vector<LeafEntries> starts_inside;
  starts_inside.push_back(entries({1, 0}, {3, 3}, {1, 2}));
  EXPECT_THROW(assemble_nested(optional_list(), starts_inside, 2), ParseError);

  std::vector<LeafEntries> wrong_rows;
  wrong_rows.push_back(entries({0, 0}, {3, 3}, {1, 2}));
  EXPECT_THROW(assemble_nested(optional_list(), wrong_rows, 3), ParseError);

  std::vector<LeafEntries> short_levels;
  short_levels.push_back(entries({0}, {3, 3}, {1, 2}));
  EXPECT_THROW(assemble_nested(optional_list(), short_levels, 1), ParseError);
}

}  // namespace
}  // namespace lode::io::parquet
