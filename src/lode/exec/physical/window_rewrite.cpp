#include "lode/exec/physical/window_rewrite.h"

#include <algorithm>

#include "lode/core/table.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/operators/materialize.h"
#include "lode/exec/operators/materialized.h"
#include "lode/exec/operators/streaming.h"

namespace lode::exec {

namespace {

// One window expression to compute; a top-k site keeps `rank <= k` flags.
struct WindowSite {
  plan::ExprPtr window;
  bool top_k = false;
  int64_t k = 0;
};

class WindowRewriter {
 public:
  explicit WindowRewriter(std::vector<Field> fields) : fields_(std::move(fields)) {}

  plan::ExprPtr rewrite(const plan::ExprPtr& expr) {
    if (is_top_k(*expr)) {
      const Scalar& bound = expr->args[1]->literal;
      int64_t k = bound.type.is_signed_integer() ? bound.integer : static_cast<int64_t>(bound.unsigned_integer);
      if (expr->name == "less") --k;
      return add_site({expr->args[0], true, k}, DataType(TypeId::kBool));
    }
    if (expr->kind == plan::ExprKind::kWindow) return add_site({expr, false, 0}, expr->type);
    if (expr->args.empty()) return expr;
    auto copy = std::make_shared<plan::Expr>(*expr);
    for (auto& arg : copy->args) arg = rewrite(arg);
    return copy;
  }

  std::vector<WindowSite> sites;
  std::vector<Field> fields_;

 private:
  // rank(...).over(...) <= k (or < k) with an integer constant k.
  static bool is_top_k(const plan::Expr& expr) {
    return expr.kind == plan::ExprKind::kCall && (expr.name == "less_equal" || expr.name == "less") &&
           expr.args[0]->kind == plan::ExprKind::kWindow && expr.args[1]->kind == plan::ExprKind::kLiteral &&
           !expr.args[1]->literal.is_null && expr.args[1]->type.is_integer();
  }

  plan::ExprPtr add_site(WindowSite site, DataType type) {
    const std::string name = "__window" + std::to_string(fields_.size());
    fields_.push_back({name, type});
    sites.push_back(std::move(site));
    return plan::column(name);
  }
};

// Returns rank <= k for every row, ranking all rows when the fast path declines.
std::shared_ptr<Column> top_k_flags(QueryContext& context, const PartitionRows& rows, const WindowSite& site) {
  if (auto selected = evaluate_window_top_k(rows, *site.window, site.k)) return selected;
  const std::shared_ptr<Column> ranks = evaluate_window(context, rows, *site.window);
  const int64_t n = ranks->length();
  std::vector<uint8_t> flags(n);
  const bool average = ranks->type().id == TypeId::kFloat64;
  for (int64_t row = 0; row < n; ++row)
    flags[row] = average ? ranks->values<double>()[row] <= static_cast<double>(site.k) : ranks->values<int64_t>()[row] <= site.k;
  return std::make_shared<Column>(TypeId::kBool, n, pack_bits(flags.data(), n));
}

// The partition_by expressions every site shares: rows of equal values of
// these have equal keys in every window, so they may partition the input.
std::vector<plan::ExprPtr> shared_partition_keys(const std::vector<WindowSite>& sites) {
  std::vector<plan::ExprPtr> shared = sites.empty() ? std::vector<plan::ExprPtr>{} : sites[0].window->partition_by;
  for (const auto& site : sites) {
    std::vector<plan::ExprPtr> kept;
    for (const auto& key : shared) {
      const auto& keys = site.window->partition_by;
      const auto same = [&key](const plan::ExprPtr& other) { return other->to_string() == key->to_string(); };
      if (std::any_of(keys.begin(), keys.end(), same)) kept.push_back(key);
    }
    shared = std::move(kept);
  }
  return shared;
}

// One WINDOW operator for `sites`, appending their columns to `input`'s
// (`schema`). Rows come grouped on the shared keys; a window with more keys
// groups its own.
PhysicalOperatorPtr plan_window_stage(const plan::PlanNode& node, Schema schema, std::vector<WindowSite> sites,
                                      PhysicalOperatorPtr input) {
  std::string details;
  for (const auto& site : sites) details += (details.empty() ? "" : ", ") + site.window->to_string();
  const std::vector<plan::ExprPtr> keys = shared_partition_keys(sites);
  std::vector<bool> regroups;
  std::vector<plan::ExprPtr> reads;  // what the windows evaluate
  for (const auto& site : sites) {
    const auto shared = [&keys](const plan::ExprPtr& key) {
      return std::any_of(keys.begin(), keys.end(), [&key](const plan::ExprPtr& other) { return other->to_string() == key->to_string(); });
    };
    regroups.push_back(!std::all_of(site.window->partition_by.begin(), site.window->partition_by.end(), shared));
    reads.insert(reads.end(), site.window->args.begin(), site.window->args.end());
    reads.insert(reads.end(), site.window->order_by.begin(), site.window->order_by.end());
    if (regroups.back()) reads.insert(reads.end(), site.window->partition_by.begin(), site.window->partition_by.end());
  }
  auto compute = [sites, regroups](QueryContext& context, const PartitionRows& rows) {
    PhysicalMaterialize::PartitionOutput output;
    for (size_t i = 0; i < sites.size(); ++i) {
      const WindowSite& site = sites[i];
      const PartitionRows regrouped = regroups[i] ? group_rows(rows.batch, site.window->partition_by) : PartitionRows{};
      const PartitionRows& grouped = regroups[i] ? regrouped : rows;
      output.columns.push_back(site.top_k ? top_k_flags(context, grouped, site) : evaluate_window(context, grouped, *site.window));
    }
    return output;
  };
  auto window = std::make_unique<PhysicalMaterialize>(std::move(schema), "WINDOW", details, keys, reads, std::move(compute));
  window->logical = &node;  // its time counts for the node too (profile())
  window->children.push_back(std::move(input));
  return window;
}

// Groups the sites into stages: a site joins the first stage it shares a
// partition key with, and windows of no keys (over the whole input) make
// one stage of their own.
std::vector<std::vector<size_t>> window_stages(const std::vector<WindowSite>& sites) {
  std::vector<std::vector<size_t>> stages;
  for (size_t i = 0; i < sites.size(); ++i) {
    const bool global = sites[i].window->partition_by.empty();
    size_t stage = 0;
    for (; stage < stages.size(); ++stage) {
      const bool stage_global = sites[stages[stage][0]].window->partition_by.empty();
      if (global || stage_global) {
        if (global && stage_global) break;
        continue;
      }
      std::vector<WindowSite> together;
      for (size_t j : stages[stage]) together.push_back(sites[j]);
      together.push_back(sites[i]);
      if (!shared_partition_keys(together).empty()) break;
    }
    if (stage == stages.size()) stages.emplace_back();
    stages[stage].push_back(i);
  }
  return stages;
}

}  // namespace

// Windows of different partition keys run as a chain of WINDOW operators,
// one per stage, so that each partitions (and spills) by its own keys.
PhysicalOperatorPtr plan_window_project(const plan::PlanNode& node, PhysicalOperatorPtr input) {
  const Schema input_schema = input->schema();
  WindowRewriter rewriter(input_schema.fields());
  std::vector<plan::ExprPtr> rewritten;
  for (const auto& expr : node.exprs) rewritten.push_back(plan::alias(rewriter.rewrite(expr), expr->output_name()));

  std::vector<Field> fields = input_schema.fields();
  PhysicalOperatorPtr current = std::move(input);
  for (const auto& stage : window_stages(rewriter.sites)) {
    std::vector<WindowSite> sites;
    for (size_t i : stage) {
      sites.push_back(rewriter.sites[i]);
      fields.push_back(rewriter.fields_[input_schema.num_fields() + i]);
    }
    current = plan_window_stage(node, Schema(fields), std::move(sites), std::move(current));
  }
  const Schema extended(fields);
  std::vector<plan::ExprPtr> bound;
  for (const auto& expr : rewritten) bound.push_back(plan::bind_expr(expr, extended));
  auto project = std::make_unique<PhysicalProject>(node.schema, std::move(bound));
  project->children.push_back(std::move(current));
  return project;
}

}  // namespace lode::exec
