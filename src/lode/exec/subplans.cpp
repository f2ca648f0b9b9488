#include "lode/exec/subplans.h"

#include <map>
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
  std::shared_ptr<Table> round = run(compute_subplans(node.inputs[0], context), context);
  if (node.recursive_distinct) round = unseen_rows(round, {}, context);
  const plan::PlanPtr step = compute_subplans(node.inputs[1], context);
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

// Computes each shared result once and scans its rows in its scans' place
// (their columns, filters and limit kept).
plan::PlanPtr compute(const plan::PlanPtr& plan, QueryContext& context,
                      std::map<const io::TableSource*, std::shared_ptr<io::TableSource>>& shared) {
  if (plan->kind == plan::PlanKind::kRecursiveUnion) return scan_of(run_rounds(*plan, context));
  if (plan->kind == plan::PlanKind::kScan) {
    const auto* result = dynamic_cast<const plan::SharedResult*>(plan->source.get());
    if (!result) return plan;
    auto& rows = shared[result];
    if (!rows) rows = std::make_shared<io::MemorySource>(run(compute(result->plan(), context, shared), context));
    return plan::replace_source(plan, result, rows);
  }
  std::vector<plan::PlanPtr> inputs;
  for (const auto& input : plan->inputs) inputs.push_back(compute(input, context, shared));
  if (inputs == plan->inputs) return plan;
  auto copy = std::make_shared<plan::PlanNode>(*plan);
  copy->inputs = std::move(inputs);
  return copy;
}

}  // namespace

plan::PlanPtr compute_subplans(const plan::PlanPtr& plan, QueryContext& context) {
  std::map<const io::TableSource*, std::shared_ptr<io::TableSource>> shared;
  return compute(plan, context, shared);
}

}  // namespace lode::exec
