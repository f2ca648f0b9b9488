#pragma once
// The optimizer: rewrites a logical plan into an equivalent, cheaper one.
// Rules, in order: fold constant expressions; push filters down (through
// projections, sorts, unions, into aggregates' inputs when they test keys,
// and into scans, where readers may use them to skip data); prune columns
// no operator needs (down into scans, so readers skip them); merge adjacent
// projections; fuse a sort followed by a limit into a top-k sort; push a
// limit that sits on a scan (through projections) into the scan, which then
// reads its splits in order and no row past it.
// Plans are immutable: the optimizer builds new nodes. Runs on one thread.

#include <functional>

#include "lode/plan/logical_plan.h"

namespace lode::plan {

struct OptimizerOptions {
  /// Evaluates an expression whose inputs are all constants (the executor
  /// supplies it, since plan/ has no kernels). Null: no constant folding.
  std::function<Scalar(const Expr&)> fold_constant;
  bool enabled = true;
};

PlanPtr optimize(const PlanPtr& plan, const OptimizerOptions& options);

}  // namespace lode::plan
