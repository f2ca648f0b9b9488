#include "lode/exec/executor.h"

#include <cstdio>

#include "lode/core/error.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/cancellation.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/operators/hash_aggregate.h"
#include "lode/exec/operators/hash_join.h"
#include "lode/exec/operators/materialized.h"
#include "lode/exec/operators/streaming.h"
#include "lode/exec/scan_predicates.h"
#include "lode/io/memory_source.h"

namespace lode::exec {

NodeProfile& QueryProfile::node(const plan::PlanNode* node) {
  std::lock_guard lock(mutex_);
  auto& entry = nodes_[node];
  if (!entry) entry = std::make_unique<NodeProfile>();
  return *entry;
}

std::string QueryProfile::render(const plan::PlanNode& root, int indent) const {
  std::string text = root.to_string(indent);
  // Only the node's own first line gets the numbers; its inputs render below.
  const size_t line_end = text.find('\n');
  std::string own = text.substr(0, line_end);
  std::string rest;
  size_t details = line_end;
  // Keep the scan's detail lines (columns, filters) with it.
  while (details != std::string::npos && text.compare(details + 1, indent * 2 + 2, std::string(indent * 2 + 2, ' ')) == 0 &&
         root.kind == plan::PlanKind::kScan) {
    const size_t next = text.find('\n', details + 1);
    own += text.substr(details, next == std::string::npos ? std::string::npos : next - details);
    details = next;
  }
  {
    std::lock_guard lock(mutex_);
    auto it = nodes_.find(&root);
    if (it != nodes_.end()) {
      const NodeProfile& profile = *it->second;
      char numbers[160];
      std::snprintf(numbers, sizeof(numbers), "  [rows: %lld, time: %.3f s", static_cast<long long>(profile.counters.rows_out.load()),
                    profile.counters.nanoseconds.load() / 1e9);
      own += numbers;
      if (root.kind == plan::PlanKind::kScan)
        own += ", splits read: " + std::to_string(profile.splits_read) + ", skipped: " + std::to_string(profile.splits_skipped);
      own += "]";
    }
  }
  for (const auto& input : root.inputs) rest += "\n" + render(*input, indent + 1);
  return own + rest;
}

namespace {

bool has_window(const plan::PlanNode& node) {
  if (node.kind != plan::PlanKind::kProject) return false;
  for (const auto& expr : node.exprs)
    if (plan::contains_window(*expr)) return true;
  return false;
}

bool is_streaming(const plan::PlanNode& node) {
  return node.kind == plan::PlanKind::kFilter || (node.kind == plan::PlanKind::kProject && !has_window(node));
}

// Runs an operator that someone else owns (a join's prober, read after the pipeline).
class BorrowedOperator final : public Operator {
 public:
  explicit BorrowedOperator(const Operator& inner) : inner_(inner) {}
  Batch execute(const Batch& batch) const override { return inner_.execute(batch); }

 private:
  const Operator& inner_;
};

// Counts the rows a source produces (for profiles).
class SourceCounter final : public Operator {
 public:
  Batch execute(const Batch& batch) const override { return batch; }
};

class Runner {
 public:
  explicit Runner(QueryProfile* profile) : profile_(profile) {}

  // Streams the node's result into `write` in order.
  void run_into(const plan::PlanNode& node, const std::function<void(const Batch&)>& write) {
    if (is_streaming(node) || node.kind == plan::PlanKind::kScan) {
      run_chain(node, [&](int64_t splits) { return std::make_unique<OrderedWriteSink>(node.schema, splits, write); });
      return;
    }
    const std::shared_ptr<Table> result = run(node);
    for (const Batch& batch : result->batches()) write(batch);
  }

  std::shared_ptr<Table> run(const plan::PlanNode& node) {
    const int64_t start = now_nanoseconds();
    std::shared_ptr<Table> result = run_node(node);
    if (profile_ && !is_streaming(node) && node.kind != plan::PlanKind::kScan) {
      NodeProfile& entry = profile_->node(&node);
      entry.counters.rows_out = result->num_rows();
      entry.counters.nanoseconds = now_nanoseconds() - start;
    }
    return result;
  }

 private:
  std::shared_ptr<Table> run_node(const plan::PlanNode& node) {
    check_cancelled();
    switch (node.kind) {
      case plan::PlanKind::kScan:
      case plan::PlanKind::kFilter:
        return run_chain(node, [&](int64_t splits) { return std::make_unique<CollectSink>(node.schema, splits); });
      case plan::PlanKind::kProject:
        if (has_window(node)) return run_window_project(node);
        return run_chain(node, [&](int64_t splits) { return std::make_unique<CollectSink>(node.schema, splits); });
      case plan::PlanKind::kAggregate:
        return run_chain(*node.inputs[0], [&](int64_t) {
          return std::make_unique<HashAggregateSink>(node, ThreadPool::global().num_threads());
        });
      case plan::PlanKind::kLimit:
        return run_chain(*node.inputs[0], [&](int64_t splits) {
          return std::make_unique<LimitSink>(node.schema, splits, node.offset, node.limit);
        });
      case plan::PlanKind::kSort: return sort_table(*run(*node.inputs[0]), node);
      case plan::PlanKind::kDistinct: return distinct_table(run(*node.inputs[0]), node);
      case plan::PlanKind::kJoin: return run_join(node);
      case plan::PlanKind::kUnion: {
        std::vector<Batch> batches;
        for (const auto& input : node.inputs) {
          const std::shared_ptr<Table> part = run(*input);  // keeps the batches alive while copied
          for (const auto& batch : part->batches()) batches.push_back(batch);
        }
        return std::make_shared<Table>(node.schema, std::move(batches));
      }
    }
    throw InternalError("unknown plan node");
  }

  // Runs the streaming nodes from `top` down to a scan or a breaker into
  // the sink that make_sink builds for the source's split count.
  template <typename MakeSink>
  std::shared_ptr<Table> run_chain(const plan::PlanNode& top, MakeSink make_sink,
                                   std::unique_ptr<Operator> last_operator = nullptr) {
    std::vector<const plan::PlanNode*> chain;
    const plan::PlanNode* bottom = &top;
    while (is_streaming(*bottom)) {
      chain.push_back(bottom);
      bottom = bottom->inputs[0].get();
    }
    std::shared_ptr<io::TableSource> source;
    io::ScanRequest request;
    std::vector<std::unique_ptr<Operator>> operators;
    // The scan's rows are counted after its pushed filters (by the last of them).
    const bool filtered_scan = bottom->kind == plan::PlanKind::kScan && !bottom->scan_filters.empty();
    if (profile_ && !filtered_scan) {
      operators.push_back(std::make_unique<SourceCounter>());
      operators.back()->profile = &profile_->node(bottom).counters;
    }
    if (bottom->kind == plan::PlanKind::kScan) {
      source = bottom->source;
      request.columns = bottom->scan_columns;
      request.predicates = to_column_predicates(*bottom);
      for (const auto& conjunct : bottom->scan_filters) operators.push_back(std::make_unique<FilterOperator>(conjunct));
      if (profile_ && filtered_scan) operators.back()->profile = &profile_->node(bottom).counters;
    } else {
      auto table = run(*bottom);
      source = std::make_shared<io::MemorySource>(table);
      for (int i = 0; i < table->num_columns(); ++i) request.columns.push_back(i);
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      const plan::PlanNode& node = **it;
      if (node.kind == plan::PlanKind::kFilter) operators.push_back(std::make_unique<FilterOperator>(node.predicate));
      else operators.push_back(std::make_unique<ProjectOperator>(node.exprs));
      if (profile_) operators.back()->profile = &profile_->node(&node).counters;
    }
    if (last_operator) operators.push_back(std::move(last_operator));
    auto sink = make_sink(source->num_splits());
    io::ScanStatistics statistics;
    auto result = run_pipeline(*source, request, operators, *sink, &statistics);
    if (profile_ && bottom->kind == plan::PlanKind::kScan) {
      NodeProfile& entry = profile_->node(bottom);
      entry.splits_read = statistics.splits_read;
      entry.splits_skipped = statistics.splits_skipped;
    }
    return result;
  }

  // Joins: build a hash table on one side, stream the other side through a
  // probe operator. Inner and outer joins build on the side estimated
  // smaller; semi and anti joins always build on the right.
  std::shared_ptr<Table> run_join(const plan::PlanNode& node) {
    const plan::PlanNode& left = *node.inputs[0];
    const plan::PlanNode& right = *node.inputs[1];
    if (node.how == "cross") return cross_join(node, *run(left), *run(right));
    const bool may_swap = node.how != "semi" && node.how != "anti";
    const bool probe_is_left = !(may_swap && estimate_rows(left) < estimate_rows(right));
    const plan::PlanNode& build_node = probe_is_left ? right : left;
    const plan::PlanNode& probe_node = probe_is_left ? left : right;
    auto table = std::make_shared<JoinHashTable>(run(build_node), probe_is_left ? node.right_keys : node.left_keys,
                                                 node.nulls_equal);
    JoinProbeOperator prober(node, table, probe_is_left);
    auto probe = std::make_unique<BorrowedOperator>(prober);
    if (profile_) probe->profile = &profile_->node(&node).counters;
    auto result = run_chain(probe_node, [&](int64_t splits) { return std::make_unique<CollectSink>(node.schema, splits); },
                            std::move(probe));
    const bool build_outer = node.how == "full" || (probe_is_left ? node.how == "right" : node.how == "left");
    if (!build_outer) return result;
    std::vector<Batch> batches = result->batches();
    batches.push_back(prober.unmatched_build_rows());
    return std::make_shared<Table>(node.schema, std::move(batches));
  }

  // Returns a rough row count of a plan's output, to pick join build sides.
  static double estimate_rows(const plan::PlanNode& node) {
    switch (node.kind) {
      case plan::PlanKind::kScan: {
        double rows = static_cast<double>(node.source->estimated_rows().value_or(1000000));
        for (size_t i = 0; i < node.scan_filters.size(); ++i) rows *= 0.5;
        return rows;
      }
      case plan::PlanKind::kFilter: return estimate_rows(*node.inputs[0]) * 0.5;
      case plan::PlanKind::kAggregate: return node.keys.empty() ? 1 : estimate_rows(*node.inputs[0]) * 0.1;
      case plan::PlanKind::kLimit: return std::min<double>(static_cast<double>(node.limit), estimate_rows(*node.inputs[0]));
      case plan::PlanKind::kJoin: return std::max(estimate_rows(*node.inputs[0]), estimate_rows(*node.inputs[1]));
      case plan::PlanKind::kUnion: {
        double rows = 0;
        for (const auto& input : node.inputs) rows += estimate_rows(*input);
        return rows;
      }
      default: return estimate_rows(*node.inputs[0]);
    }
  }

  // A projection with window expressions: each window is computed over the
  // whole input, added as a column, and the projection reads it from there.
  std::shared_ptr<Table> run_window_project(const plan::PlanNode& node) {
    std::shared_ptr<const Table> input = run(*node.inputs[0]);
    std::vector<std::shared_ptr<Column>> columns;
    std::vector<Field> fields = input->schema().fields();
    auto combined = input->combine_batches();
    for (int i = 0; i < combined->num_columns(); ++i) columns.push_back(combined->column(i));
    std::vector<plan::ExprPtr> rewritten;
    for (const auto& expr : node.exprs)
      rewritten.push_back(plan::alias(replace_windows(expr, combined, columns, fields), expr->output_name()));
    std::vector<Batch> batches;
    batches.emplace_back(columns, combined->num_rows());
    auto extended = std::make_shared<Table>(Schema(fields), std::move(batches));
    auto projection = plan::project(plan::scan(std::make_shared<io::MemorySource>(extended)), rewritten);
    return run_chain(*projection, [&](int64_t splits) { return std::make_unique<CollectSink>(node.schema, splits); });
  }

  plan::ExprPtr replace_windows(const plan::ExprPtr& expr, const std::shared_ptr<const Table>& table,
                                std::vector<std::shared_ptr<Column>>& columns, std::vector<Field>& fields) {
    // rank(...).over(...) <= k keeps the top k of each partition: no full ranking.
    if (expr->kind == plan::ExprKind::kCall && (expr->name == "less_equal" || expr->name == "less") &&
        expr->args[0]->kind == plan::ExprKind::kWindow && expr->args[1]->kind == plan::ExprKind::kLiteral &&
        !expr->args[1]->literal.is_null && expr->args[1]->type.is_integer()) {
      const Scalar& bound = expr->args[1]->literal;
      const int64_t limit = bound.type.is_signed_integer() ? bound.integer : static_cast<int64_t>(bound.unsigned_integer);
      if (auto selected = evaluate_window_top_k(table, *expr->args[0], expr->name == "less" ? limit - 1 : limit)) {
        const std::string name = "__window" + std::to_string(fields.size());
        columns.push_back(selected);
        fields.push_back({name, TypeId::kBool});
        return plan::column(name);
      }
    }
    if (expr->kind == plan::ExprKind::kWindow) {
      const std::string name = "__window" + std::to_string(fields.size());
      columns.push_back(evaluate_window(table, *expr));
      fields.push_back({name, columns.back()->type()});
      return plan::column(name);
    }
    if (expr->args.empty()) return expr;
    auto copy = std::make_shared<plan::Expr>(*expr);
    for (auto& arg : copy->args) arg = replace_windows(arg, table, columns, fields);
    return copy;
  }

  QueryProfile* profile_;
};

}  // namespace

std::shared_ptr<Table> execute(const plan::PlanPtr& plan, QueryProfile* profile) {
  reset_cancel();
  Runner runner(profile);
  return runner.run(*plan);
}

void execute_into(const plan::PlanPtr& plan, const std::function<void(const Batch&)>& write) {
  reset_cancel();
  Runner runner(nullptr);
  runner.run_into(*plan, write);
}

}  // namespace lode::exec

#include "lode/exec/kernels/kernel.h"
#include "lode/plan/optimizer.h"

namespace lode::exec {

Scalar evaluate_constant(const plan::Expr& expr) {
  const Batch one_row({}, 1);
  Datum value = evaluate_datum(expr, one_row);
  return value.is_scalar() ? *value.scalar : scalar_at(*value.column, 0);
}

plan::PlanPtr optimize_plan(const plan::PlanPtr& plan, bool enabled) {
  plan::OptimizerOptions options;
  options.enabled = enabled;
  options.fold_constant = evaluate_constant;
  return plan::optimize(plan, options);
}

}  // namespace lode::exec
