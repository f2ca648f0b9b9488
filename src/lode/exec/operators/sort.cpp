#include "lode/exec/operators/sort.h"

#include <algorithm>
#include <numeric>
#include <queue>

#include "lode/core/table.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/query_context.h"
#include "lode/core/thread_pool.h"

namespace lode::exec {

namespace {

struct SortLocal final : OperatorState {
  std::vector<std::pair<BatchOrder, Batch>> batches;
};

constexpr int64_t kMinRunRows = 1 << 14;

}  // namespace

PhysicalSort::PhysicalSort(Schema schema, std::vector<plan::SortKey> keys, int64_t offset, int64_t limit)
    : PhysicalOperator(std::move(schema)), keys_(std::move(keys)), offset_(offset), limit_(limit) {}

std::string PhysicalSort::details() const {
  std::string text;
  for (const auto& key : keys_)
    text += (text.empty() ? "" : ", ") + key.expr->to_string() + (key.descending ? " desc" : "") +
            (key.nulls_last ? " nulls last" : "");
  if (limit_ >= 0) text += ", offset " + std::to_string(offset_) + ", limit " + std::to_string(limit_);
  return text;
}

std::unique_ptr<OperatorState> PhysicalSort::make_sink_state(QueryContext&) { return std::make_unique<SortLocal>(); }

SinkResult PhysicalSort::sink(QueryContext&, OperatorState& state, Batch batch, const BatchOrder& order) {
  if (batch.num_rows() > 0) static_cast<SortLocal&>(state).batches.emplace_back(order, std::move(batch));
  return SinkResult::kNeedMoreInput;
}

void PhysicalSort::combine(QueryContext&, OperatorState& state) {
  auto& batches = static_cast<SortLocal&>(state).batches;
  std::lock_guard lock(mutex_);
  for (auto& entry : batches) input_.push_back(std::move(entry));
  batches.clear();
}

int64_t PhysicalSort::finalize_round(QueryContext& context, int round) {
  switch (round) {
    case 0:
      std::sort(input_.begin(), input_.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      columns_.assign(schema().num_fields(), nullptr);
      return std::max(schema().num_fields(), 1);
    case 1: {
      int64_t rows = 0;
      for (const auto& entry : input_) rows += entry.second.num_rows();
      input_.clear();
      data_ = Batch(std::move(columns_), rows);
      normalized_.resize(keys_.size());
      return rows == 0 ? 1 : static_cast<int64_t>(keys_.size());
    }
    case 2: {
      const int64_t n = data_.num_rows();
      wanted_ = limit_ >= 0 ? std::min(n, offset_ + limit_) : n;
      first_ = std::min(limit_ >= 0 ? offset_ : 0, wanted_);
      top_k_ = wanted_ < n / 8;
      order_.resize(n);
      std::iota(order_.begin(), order_.end(), 0);
      const int64_t num_runs = std::clamp<int64_t>(n / kMinRunRows, 1, context.pool->num_threads());
      runs_.clear();
      for (int64_t r = 0; r < num_runs; ++r) runs_.push_back({n * r / num_runs, n * (r + 1) / num_runs});
      return num_runs;
    }
    case 3:
      plan_chunks();
      return 0;
    default: return 0;
  }
}

void PhysicalSort::finalize_task(QueryContext& context, int round, int64_t task) {
  context.check_cancelled();
  auto less = [this](int64_t a, int64_t b) { return before(a, b); };
  if (round == 0) {
    if (task >= static_cast<int64_t>(columns_.size())) return;
    std::vector<std::shared_ptr<Column>> pieces;
    for (const auto& entry : input_) pieces.push_back(entry.second.column(static_cast<int>(task)));
    columns_[task] = pieces.empty() ? null_column(schema().field(static_cast<int>(task)).type, 0)
                                    : pieces.size() == 1 ? pieces[0] : concatenate(pieces);
  } else if (round == 1) {
    if (task < static_cast<int64_t>(keys_.size())) normalized_[task] = normalize_key(*evaluate(*keys_[task].expr, data_), keys_[task]);
  } else if (round == 2) {
    auto& [begin, end] = runs_[task];
    if (top_k_) {
      const int64_t keep = std::min(end - begin, wanted_);
      std::partial_sort(order_.begin() + begin, order_.begin() + begin + keep, order_.begin() + end, less);
      end = begin + keep;
    } else {
      std::sort(order_.begin() + begin, order_.begin() + end, less);
    }
  }
}

// Cuts the runs' merged order into chunks of about kOutputRows at splitters
// sampled from the runs; every row is distinct under before() (the index
// breaks ties), so a binary search per run and splitter cuts exactly.
void PhysicalSort::plan_chunks() {
  auto less = [this](int64_t a, int64_t b) { return before(a, b); };
  int64_t total = 0;
  for (const auto& [begin, end] : runs_) total += end - begin;
  const int64_t limit_total = top_k_ ? std::min(total, wanted_) : total;
  int64_t chunks = std::max<int64_t>(1, (limit_total + kOutputRows - 1) / kOutputRows);
  if (runs_.size() == 1 || top_k_) chunks = runs_.size() == 1 ? chunks : 1;
  std::vector<int64_t> splitters;
  if (chunks > 1 && runs_.size() > 1) {
    std::vector<int64_t> samples;
    const int64_t per_run = chunks * 4;
    for (const auto& [begin, end] : runs_)
      for (int64_t i = 0; i < per_run && end > begin; ++i) samples.push_back(order_[begin + (end - begin) * i / per_run]);
    std::sort(samples.begin(), samples.end(), less);
    for (int64_t k = 1; k < chunks; ++k) splitters.push_back(samples[samples.size() * k / chunks]);
  }
  cuts_.clear();
  cuts_.push_back({});
  for (const auto& run : runs_) cuts_[0].push_back(run.first);
  for (int64_t k = 1; k < chunks; ++k) {
    std::vector<int64_t> cut;
    for (size_t r = 0; r < runs_.size(); ++r) {
      const auto [begin, end] = runs_[r];
      if (splitters.empty()) {
        cut.push_back(std::min(end, begin + k * kOutputRows));  // one run: fixed-size slices
      } else {
        cut.push_back(std::lower_bound(order_.begin() + begin, order_.begin() + end, splitters[k - 1], less) -
                      order_.begin());
      }
    }
    cuts_.push_back(std::move(cut));
  }
  cuts_.push_back({});
  for (const auto& run : runs_) cuts_.back().push_back(run.second);
  chunk_rank_.assign(chunks + 1, 0);
  for (int64_t k = 0; k < chunks; ++k) {
    int64_t rows = 0;
    for (size_t r = 0; r < runs_.size(); ++r) rows += cuts_[k + 1][r] - cuts_[k][r];
    chunk_rank_[k + 1] = chunk_rank_[k] + rows;
  }
  num_chunks_ = chunks;
}

SourceResult PhysicalSort::get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) {
  context.check_cancelled();
  // The chunk's rows in merged order, trimmed to output ranks [first_, wanted_).
  const int64_t rank_begin = chunk_rank_[task];
  const int64_t skip = std::max<int64_t>(0, first_ - rank_begin);
  const int64_t stop = std::min(chunk_rank_[task + 1], wanted_) - rank_begin;
  if (stop <= skip) return SourceResult::kFinished;
  std::vector<int64_t> rows;
  rows.reserve(stop);
  if (runs_.size() == 1) {
    rows.assign(order_.begin() + cuts_[task][0], order_.begin() + cuts_[task][0] + stop);
  } else {
    using Cursor = std::pair<int64_t, int64_t>;  // position in order_, end of its range
    auto after = [this](const Cursor& a, const Cursor& b) { return before(order_[b.first], order_[a.first]); };
    std::priority_queue<Cursor, std::vector<Cursor>, decltype(after)> heap(after);
    for (size_t r = 0; r < runs_.size(); ++r)
      if (cuts_[task][r] < cuts_[task + 1][r]) heap.push({cuts_[task][r], cuts_[task + 1][r]});
    while (!heap.empty() && static_cast<int64_t>(rows.size()) < stop) {
      Cursor top = heap.top();
      heap.pop();
      rows.push_back(order_[top.first]);
      if (++top.first < top.second) heap.push(top);
    }
  }
  const int64_t count = stop - skip;
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& column : data_.columns()) columns.push_back(take(*column, rows.data() + skip, count));
  emit(Batch(std::move(columns), count));
  return SourceResult::kFinished;
}

}  // namespace lode::exec
