// Sort of a materialized table: keys are evaluated once and normalized
// (fixed-width values to order-preserving 64-bit integers), then an index
// permutation is sorted, in two halves on two threads merged at the end, or
// partially for top-k. Stable: ties keep input order.

#include <algorithm>
#include <cstring>
#include <numeric>

#include "lode/core/thread_pool.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/operators/materialized.h"
#include "lode/exec/operators/sort_keys.h"

namespace lode::exec {

std::shared_ptr<Table> sort_table(const Table& input, const plan::PlanNode& node) {
  auto table = input.combine_batches();
  const int64_t n = table->num_rows();
  if (n == 0 || table->batches().empty()) return table;
  const Batch& batch = table->batches()[0];
  std::vector<NormalizedKey> keys;
  for (const auto& key : node.sort_keys) keys.push_back(normalize_key(*evaluate(*key.expr, batch), key));

  // Ties fall back to the input position, which makes every sort stable.
  auto before = [&keys](int64_t a, int64_t b) { return sorts_before(keys, a, b); };
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  const int64_t wanted = node.limit >= 0 ? std::min(n, node.offset + node.limit) : n;
  if (wanted < n / 8) {
    std::partial_sort(order.begin(), order.begin() + wanted, order.end(), before);
  } else {
    const int64_t middle = n / 2;
    ThreadPool::global().parallel_for(2, [&](int64_t half, int) {
      if (half == 0) std::sort(order.begin(), order.begin() + middle, before);
      else std::sort(order.begin() + middle, order.end(), before);
    });
    std::inplace_merge(order.begin(), order.begin() + middle, order.end(), before);
  }
  const int64_t first = std::min(node.limit >= 0 ? node.offset : 0, n);
  const int64_t count = wanted - first;
  std::vector<std::shared_ptr<Column>> columns;
  for (const auto& column : batch.columns()) columns.push_back(take(*column, order.data() + first, count));
  std::vector<Batch> batches;
  batches.emplace_back(std::move(columns), count);
  return std::make_shared<Table>(table->schema(), std::move(batches));
}

}  // namespace lode::exec
