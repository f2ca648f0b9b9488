// str_join (SQL's string_agg / listagg): each group's strings, in input
// order, joined by a separator; nulls skipped, null for a group without
// strings. Keeps (group, position, text) until finalize(), like the other
// aggregates that need all their values; the positions restore input order
// after parallel morsels and merges mixed it.

#include <algorithm>
#include <mutex>

#include "lode/core/column_builder.h"
#include "lode/exec/aggregates/state_columns.h"
#include "lode/exec/aggregates/state_factories.h"

namespace lode::exec {

namespace {

struct Piece {
  int64_t position;
  std::string text;
};

class StringJoinState final : public AggregateState {
 public:
  explicit StringJoinState(std::string separator) : separator_(std::move(separator)) {}

  void resize(int64_t) override {}
  void update(const std::vector<std::shared_ptr<Column>>& inputs, const uint32_t* groups, int64_t n,
              int64_t first_position) override {
    const Column& input = *inputs[0];
    for (int64_t row = 0; row < n; ++row) {
      if (!input.is_valid(row)) continue;
      add(groups[row], first_position + row, input.string_at(row));
    }
  }
  void merge(AggregateState& other, const uint32_t* source, const uint32_t* target, int64_t count) override {
    // Merges run in parallel, one partition each, all reading `other`: the
    // first orders its pieces by group, once.
    auto& from = static_cast<StringJoinState&>(other);
    std::call_once(from.ordered_once_, [&from] { from.starts_ = from.order_by_group(0); });
    const std::vector<int64_t>& starts = from.starts_;
    for (int64_t i = 0; i < count; ++i) {
      if (source[i] + 1 >= starts.size()) continue;
      for (int64_t j = starts[source[i]]; j < starts[source[i] + 1]; ++j) {
        groups_.push_back(target[i]);
        pieces_.push_back(std::move(from.pieces_[j]));
      }
    }
  }
  // State: the group's positions and strings, two lists in the same order.
  std::vector<DataType> state_types() const override {
    return {DataType::list(TypeId::kInt64), DataType::list(TypeId::kString)};
  }
  std::vector<std::shared_ptr<Column>> extract(const uint32_t* groups, int64_t count) const override {
    // Indices of the pieces by group (a counting sort), the pieces left as they are.
    const size_t num_groups = static_cast<size_t>(std::max(max_group(groups, count), max_group(groups_.data(),
                                                                                             groups_.size()))) + 1;
    std::vector<int64_t> starts(num_groups + 1, 0), order(groups_.size());
    for (uint32_t group : groups_) ++starts[group + 1];
    for (size_t group = 0; group < num_groups; ++group) starts[group + 1] += starts[group];
    std::vector<int64_t> next(starts.begin(), starts.end() - 1);
    for (size_t piece = 0; piece < groups_.size(); ++piece) order[next[groups_[piece]]++] = static_cast<int64_t>(piece);
    auto offsets = Buffer::allocate((count + 1) * 8);
    int64_t* list_starts = offsets->data_as<int64_t>();
    list_starts[0] = 0;
    ColumnBuilder positions(TypeId::kInt64), texts(TypeId::kString);
    for (int64_t i = 0; i < count; ++i) {
      for (int64_t j = starts[groups[i]]; j < starts[groups[i] + 1]; ++j) {
        positions.append<int64_t>(pieces_[order[j]].position);
        texts.append_string(pieces_[order[j]].text);
      }
      list_starts[i + 1] = list_starts[i] + (starts[groups[i] + 1] - starts[groups[i]]);
    }
    const std::vector<DataType> types = state_types();
    return {Column::make_list(types[0], count, offsets, positions.finish()),
            Column::make_list(types[1], count, offsets, texts.finish())};
  }
  void absorb(const std::vector<std::shared_ptr<Column>>& columns, const uint32_t* target, int64_t count) override {
    check_state_columns(columns, state_types(), count, 0);
    const int64_t* offsets = columns[0]->list_offsets();
    const auto positions = columns[0]->list_elements();
    const auto texts = columns[1]->list_elements();
    for (int64_t i = 0; i < count; ++i)
      for (int64_t j = offsets[i]; j < offsets[i + 1]; ++j)
        add(target[i], positions->values<int64_t>()[j], texts->string_at(j));
  }
  std::shared_ptr<Column> finalize(int64_t num_groups) override {
    const std::vector<int64_t> starts = order_by_group(num_groups);
    ColumnBuilder builder(TypeId::kString);
    std::string joined;
    for (int64_t group = 0; group < num_groups; ++group) {
      auto begin = pieces_.begin() + starts[group], end = pieces_.begin() + starts[group + 1];
      if (begin == end) {
        builder.append_null();
        continue;
      }
      std::sort(begin, end, [](const Piece& a, const Piece& b) { return a.position < b.position; });
      joined.clear();
      for (auto piece = begin; piece != end; ++piece) {
        if (piece != begin) joined += separator_;
        joined += piece->text;
      }
      builder.append_string(joined);
    }
    return builder.finish();
  }
  int64_t memory_bytes() const override {
    int64_t bytes = static_cast<int64_t>(groups_.capacity() * 4 + pieces_.capacity() * sizeof(Piece));
    for (const auto& piece : pieces_) bytes += static_cast<int64_t>(piece.text.capacity());
    return bytes;
  }

 private:
  void add(uint32_t group, int64_t position, std::string_view text) {
    groups_.push_back(group);
    pieces_.push_back({position, std::string(text)});
  }
  static uint32_t max_group(const uint32_t* groups, size_t count) {
    uint32_t max = 0;
    for (size_t i = 0; i < count; ++i) max = std::max(max, groups[i]);
    return max;
  }
  // Reorders the pieces so each group's are contiguous (a counting sort,
  // once: later calls find them ordered) and returns each group's start,
  // for groups [0, num_groups) and any beyond that this state holds.
  std::vector<int64_t> order_by_group(int64_t num_groups) {
    const int64_t groups = std::max<int64_t>(num_groups, groups_.empty() ? 0 : max_group(groups_.data(), groups_.size()) + 1);
    std::vector<int64_t> starts(groups + 1, 0);
    for (uint32_t group : groups_) ++starts[group + 1];
    for (int64_t group = 0; group < groups; ++group) starts[group + 1] += starts[group];
    if (!std::is_sorted(groups_.begin(), groups_.end())) {
      std::vector<int64_t> next(starts.begin(), starts.end() - 1);
      std::vector<Piece> ordered(pieces_.size());
      for (size_t i = 0; i < groups_.size(); ++i) ordered[next[groups_[i]]++] = std::move(pieces_[i]);
      pieces_.swap(ordered);
      std::sort(groups_.begin(), groups_.end());
    }
    return starts;
  }

  std::string separator_;
  std::vector<uint32_t> groups_;
  std::vector<Piece> pieces_;
  std::once_flag ordered_once_;
  std::vector<int64_t> starts_;  // after ordered_once_: each group's first piece
};

}  // namespace

std::unique_ptr<AggregateState> make_str_join_state(const plan::Expr& aggregate) {
  return std::make_unique<StringJoinState>(aggregate.options.separator);
}

}  // namespace lode::exec
