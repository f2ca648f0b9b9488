#include "lode/io/parquet/nested_shredding.h"

#include "lode/core/take.h"
#include "lode/io/parquet/column_chunk_writer.h"

namespace lode::io::parquet {

namespace {

// One value slot to shred: a row of the current column (-1 when a null or
// empty ancestor leaves nothing here), the repetition level its first entry
// gets, and the definition level its ancestors reached.
struct Item {
  int64_t row;
  int16_t repetition;
  int16_t definition;
};

class Shredder {
 public:
  explicit Shredder(std::vector<ShreddedLeaf>& leaves) : leaves_(leaves) {}

  // `lists`: the lists enclosing this column; `path`: the schema path to it.
  void shred(const Column& column, const std::vector<Item>& items, int16_t lists, std::vector<std::string> path) {
    switch (column.type().id) {
      case TypeId::kList: return shred_list(column, items, lists, std::move(path));
      case TypeId::kStruct: return shred_struct(column, items, lists, std::move(path));
      default: return shred_leaf(column, items, lists, std::move(path));
    }
  }

 private:
  static bool present(const Column& column, const Item& item) { return item.row >= 0 && column.is_valid(item.row); }

  void shred_leaf(const Column& column, const std::vector<Item>& items, int16_t lists, std::vector<std::string> path) {
    ShreddedLeaf leaf;
    leaf.path = std::move(path);
    leaf.max_repetition = lists;
    leaf.max_definition = max_definition_;
    std::vector<int64_t> rows;
    rows.reserve(items.size());
    for (const Item& item : items) {
      const bool valid = present(column, item);
      rows.push_back(valid ? item.row : -1);
      leaf.repetition.push_back(item.repetition);
      leaf.definition.push_back(static_cast<int16_t>(item.definition + (valid ? 1 : 0)));
    }
    leaf.values = take(column, rows.data(), static_cast<int64_t>(rows.size()));
    leaves_.push_back(std::move(leaf));
  }

  void shred_struct(const Column& column, const std::vector<Item>& items, int16_t lists,
                    const std::vector<std::string>& path) {
    std::vector<Item> children;
    children.reserve(items.size());
    for (const Item& item : items)
      children.push_back(present(column, item) ? Item{item.row, item.repetition, static_cast<int16_t>(item.definition + 1)}
                                               : Item{-1, item.repetition, item.definition});
    for (size_t field = 0; field < column.num_fields(); ++field) {
      std::vector<std::string> child_path = path;
      child_path.push_back(column.type().field_names[field]);
      descend(*column.field(field), children, lists, std::move(child_path));
    }
  }

  void shred_list(const Column& column, const std::vector<Item>& items, int16_t lists,
                  const std::vector<std::string>& path) {
    const int64_t* offsets = column.list_offsets();
    const int16_t repeat = static_cast<int16_t>(lists + 1);
    std::vector<Item> elements;
    elements.reserve(items.size());
    for (const Item& item : items) {
      if (!present(column, item)) {
        elements.push_back(Item{-1, item.repetition, item.definition});
        continue;
      }
      const int64_t first = offsets[item.row], end = offsets[item.row + 1];
      if (first == end) elements.push_back(Item{-1, item.repetition, static_cast<int16_t>(item.definition + 1)});
      for (int64_t element = first; element < end; ++element)
        elements.push_back(Item{element, element == first ? item.repetition : repeat,
                                static_cast<int16_t>(item.definition + 2)});
    }
    std::vector<std::string> element_path = path;
    element_path.push_back("list");
    element_path.push_back("element");
    // The elements' levels: the list's optional group and its repeated group.
    max_definition_ += 1;
    descend(*column.list_elements(), elements, repeat, std::move(element_path));
    max_definition_ -= 1;
  }

  // Every level is optional: a child adds one to the deepest definition level.
  void descend(const Column& column, const std::vector<Item>& items, int16_t lists, std::vector<std::string> path) {
    max_definition_ += 1;
    shred(column, items, lists, std::move(path));
    max_definition_ -= 1;
  }

  std::vector<ShreddedLeaf>& leaves_;
  int16_t max_definition_ = 1;  // the top-level column is optional
};

}  // namespace

std::vector<ShreddedLeaf> shred_nested(const Column& column, const std::string& name) {
  std::vector<Item> rows;
  rows.reserve(static_cast<size_t>(column.length()));
  for (int64_t row = 0; row < column.length(); ++row) rows.push_back(Item{row, 0, 0});
  std::vector<ShreddedLeaf> leaves;
  Shredder(leaves).shred(column, rows, 0, {name});
  return leaves;
}

void append_schema_elements(const std::string& name, const DataType& type, std::vector<SchemaElement>& out) {
  if (!type.is_nested()) {
    out.push_back(schema_element_for(name, type));
    return;
  }
  SchemaElement group;
  group.name = name;
  group.repetition = Repetition::kOptional;
  if (type.id == TypeId::kStruct) {
    group.num_children = static_cast<int32_t>(type.children.size());
    out.push_back(group);
    for (size_t field = 0; field < type.children.size(); ++field)
      append_schema_elements(type.field_names[field], type.children[field], out);
    return;
  }
  group.num_children = 1;
  group.converted_type = ConvertedType::kList;
  group.logical_type = LogicalType{.kind = LogicalType::kList};
  out.push_back(group);
  SchemaElement repeated;
  repeated.name = "list";
  repeated.repetition = Repetition::kRepeated;
  repeated.num_children = 1;
  out.push_back(repeated);
  append_schema_elements("element", type.element(), out);
}

}  // namespace lode::io::parquet
