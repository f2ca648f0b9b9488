#include "lode/exec/recursive_union.h"

#include <utility>
#include <vector>

#include "lode/exec/executor.h"
#include "lode/io/memory_source.h"

namespace lode::exec {

namespace {

plan::PlanPtr scan_of(std::shared_ptr<const Table> table) {
  return plan::scan(std::make_shared<io::MemorySource>(std::move(table)));
}

std::shared_ptr<Table> run(const plan::PlanPtr& plan, QueryContext& context) {
  return execute(optimize_plan(plan), context);
}

// UNION (not ALL): the round's rows that no earlier round gave, each once.
std::shared_ptr<Table> unseen_rows(const std::shared_ptr<Table>& round, const std::vector<Batch>& seen,
                                   QueryContext& context) {
  std::vector<plan::ExprPtr> keys;
  for (const auto& name : round->schema().names()) keys.push_back(plan::column(name));
  plan::PlanPtr fresh = scan_of(round);
  if (!seen.empty())
    fresh = plan::join(fresh, scan_of(std::make_shared<Table>(round->schema(), seen)), keys, keys, "anti", "_right",
                       true);
  return run(plan::distinct(fresh, {}, "first", true), context);
}

constexpr size_t kMaxBatches = 64;

// Runs the anchor, then the step on the previous round's rows until a round
// gives none, and returns all rows in round order.
std::shared_ptr<Table> run_rounds(const plan::PlanNode& node, QueryContext& context) {
  const io::TableSource* working = node.source.get();
  std::shared_ptr<Table> round = run(compute_recursive_unions(node.inputs[0], context), context);
  if (node.recursive_distinct) round = unseen_rows(round, {}, context);
  const plan::PlanPtr step = compute_recursive_unions(node.inputs[1], context);
  std::vector<Batch> all;
  while (round->num_rows() > 0) {
    context.check_cancelled();
    all.insert(all.end(), round->batches().begin(), round->batches().end());
    // Many small rounds make many small batches, each a split of the next
    // rounds' scans: combine them now and then.
    if (all.size() > kMaxBatches) all = Table(node.schema, std::move(all)).combine_batches()->batches();
    const auto previous = std::make_shared<io::MemorySource>(round);
    round = run(plan::replace_source(step, working, previous), context);
    if (node.recursive_distinct) round = unseen_rows(round, all, context);
  }
  return std::make_shared<Table>(node.schema, std::move(all));
}

}  // namespace

plan::PlanPtr compute_recursive_unions(const plan::PlanPtr& plan, QueryContext& context) {
  if (plan->kind == plan::PlanKind::kRecursiveUnion) return scan_of(run_rounds(*plan, context));
  std::vector<plan::PlanPtr> inputs;
  for (const auto& input : plan->inputs) inputs.push_back(compute_recursive_unions(input, context));
  if (inputs == plan->inputs) return plan;
  auto copy = std::make_shared<plan::PlanNode>(*plan);
  copy->inputs = std::move(inputs);
  return copy;
}

}  // namespace lode::exec
