#include "lode/io/parquet/nested_assembly.h"

#include "lode/core/error.h"
#include "lode/core/take.h"

namespace lode::io::parquet {

namespace {

using Slots = std::vector<int64_t>;  // the level entry each value starts at

struct ListStep {
  std::vector<int64_t> offsets;  // one per list slot, plus the end
  Slots elements;
};

class Assembler {
 public:
  Assembler(const NestedColumn& column, const std::vector<LeafEntries>& leaves) : column_(column), leaves_(leaves) {}

  std::shared_ptr<Column> assemble(int64_t num_rows) {
    for (size_t leaf = 0; leaf < leaves_.size(); ++leaf) check_entries(leaf);
    std::vector<const NestedNode*> path;
    auto result = build(column_.root, path, slots_for(static_cast<size_t>(first_leaf(column_.root)), path));
    if (result->length() != num_rows)
      contradictory(0, "the levels hold " + std::to_string(result->length()) + " rows for a row group of " +
                           std::to_string(num_rows));
    return result;
  }

 private:
  [[noreturn]] void contradictory(size_t leaf, const std::string& what) const {
    throw ParseError("corrupt Parquet levels: " + what,
                     ErrorContext{.column = column_.leaves[leaf].name, .hint = "the file is damaged or was written wrongly"});
  }

  void check_entries(size_t leaf) const {
    const LeafEntries& entries = leaves_[leaf];
    if (entries.repetition.size() != entries.definition.size() ||
        static_cast<int64_t>(entries.repetition.size()) != entries.values->length())
      contradictory(leaf, "a leaf's level and value counts differ");
    if (!entries.repetition.empty() && entries.repetition[0] != 0)
      contradictory(leaf, "the first value continues a record (repetition level " +
                              std::to_string(entries.repetition[0]) + ")");
  }

  static int first_leaf(const NestedNode& node) {
    const NestedNode* current = &node;
    while (current->kind != NestedNode::Kind::kLeaf) current = &current->children.front();
    return current->leaf;
  }

  // A list's element slots: its own entry when the list has elements, then
  // each later entry at its repetition level until one at a level above it.
  ListStep list_step(size_t leaf, const Slots& slots, const NestedNode& list) const {
    const std::vector<int16_t>& repetition = leaves_[leaf].repetition;
    const std::vector<int16_t>& definition = leaves_[leaf].definition;
    const int16_t outer = list.repeat_level - 1;
    ListStep step;
    step.offsets.reserve(slots.size() + 1);
    step.elements.reserve(repetition.size());
    size_t next_slot = 0;
    bool has_elements = false;
    for (int64_t entry = 0; entry < static_cast<int64_t>(repetition.size()); ++entry) {
      if (next_slot < slots.size() && slots[next_slot] == entry) {
        step.offsets.push_back(static_cast<int64_t>(step.elements.size()));
        ++next_slot;
        has_elements = definition[entry] >= list.element_level;
        if (has_elements) step.elements.push_back(entry);
      } else if (repetition[entry] <= outer) {
        has_elements = false;  // a value above this list where the list has no slot
      } else if (repetition[entry] == list.repeat_level) {
        if (!has_elements || definition[entry] < list.element_level)
          contradictory(leaf, "a list '" + list.name + "' continues where it has no elements");
        step.elements.push_back(entry);
      }
    }
    step.offsets.push_back(static_cast<int64_t>(step.elements.size()));
    return step;
  }

  // Replays the path's list steps on one leaf's levels.
  Slots slots_for(size_t leaf, const std::vector<const NestedNode*>& path) const {
    Slots slots;
    const std::vector<int16_t>& repetition = leaves_[leaf].repetition;
    for (int64_t entry = 0; entry < static_cast<int64_t>(repetition.size()); ++entry)
      if (repetition[entry] == 0) slots.push_back(entry);
    for (const NestedNode* list : path) slots = list_step(leaf, slots, *list).elements;
    return slots;
  }

  std::shared_ptr<Buffer> validity_of(size_t leaf, const Slots& slots, const NestedNode& node) const {
    if (!node.nullable) return nullptr;
    const std::vector<int16_t>& definition = leaves_[leaf].definition;
    auto validity = Buffer::allocate(bitmap::num_bytes(static_cast<int64_t>(slots.size())), true);
    for (size_t i = 0; i < slots.size(); ++i)
      if (definition[slots[i]] >= node.defined_level) bitmap::set(validity->data(), static_cast<int64_t>(i));
    return validity;
  }

  // `slots` are the node's slots on its first leaf's levels; a list passes
  // its element slots down, a struct its own to its first field.
  std::shared_ptr<Column> build(const NestedNode& node, std::vector<const NestedNode*>& path, Slots slots) const {
    const size_t leaf = static_cast<size_t>(first_leaf(node));
    const int64_t length = static_cast<int64_t>(slots.size());
    switch (node.kind) {
      case NestedNode::Kind::kLeaf: {
        const auto& values = leaves_[leaf].values;
        // Slots rise strictly, so as many slots as entries means every entry.
        if (length == values->length()) return values;
        return take(*values, slots.data(), length);
      }
      case NestedNode::Kind::kStruct: {
        std::vector<std::shared_ptr<Column>> fields;
        for (const NestedNode& child : node.children) {
          const size_t child_leaf = static_cast<size_t>(first_leaf(child));
          fields.push_back(build(child, path, child_leaf == leaf ? slots : slots_for(child_leaf, path)));
          if (fields.back()->length() != length)
            contradictory(static_cast<size_t>(first_leaf(child)), "the fields of struct '" + node.name +
                                                                      "' hold different numbers of values");
        }
        return Column::make_struct(node.type, length, std::move(fields), validity_of(leaf, slots, node));
      }
      case NestedNode::Kind::kList: {
        ListStep step = list_step(leaf, slots, node);
        path.push_back(&node);
        auto elements = build(node.children.front(), path, std::move(step.elements));
        path.pop_back();
        auto offsets = Buffer::allocate(static_cast<int64_t>(step.offsets.size()) * 8);
        std::copy(step.offsets.begin(), step.offsets.end(), offsets->data_as<int64_t>());
        return Column::make_list(node.type, length, offsets, elements, validity_of(leaf, slots, node));
      }
    }
    return nullptr;
  }

  const NestedColumn& column_;
  const std::vector<LeafEntries>& leaves_;
};

}  // namespace

std::shared_ptr<Column> assemble_nested(const NestedColumn& column, const std::vector<LeafEntries>& leaves,
                                        int64_t num_rows) {
  return Assembler(column, leaves).assemble(num_rows);
}

}  // namespace lode::io::parquet
