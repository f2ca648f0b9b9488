#include "lode/plan/cardinality.h"

#include <algorithm>

namespace lode::plan {

double estimate_rows(const PlanNode& node) {
  switch (node.kind) {
    case PlanKind::kScan: {
      double rows = static_cast<double>(node.source->estimated_rows().value_or(1000000));
      if (node.scan_limit >= 0) rows = std::min(rows, static_cast<double>(node.scan_limit));
      for (size_t i = 0; i < node.scan_filters.size(); ++i) rows *= 0.5;
      return rows;
    }
    case PlanKind::kFilter: return estimate_rows(*node.inputs[0]) * 0.5;
    case PlanKind::kAggregate: return node.keys.empty() ? 1 : estimate_rows(*node.inputs[0]) * 0.1;
    case PlanKind::kLimit: return std::min<double>(static_cast<double>(node.limit), estimate_rows(*node.inputs[0]));
    case PlanKind::kJoin: {
      // A semi join keeps at most a row per match, an anti join some.
      const double left = estimate_rows(*node.inputs[0]);
      if (node.how == "semi") return std::min(left, estimate_rows(*node.inputs[1]));
      if (node.how == "anti") return left * 0.5;
      return std::max(left, estimate_rows(*node.inputs[1]));
    }
    case PlanKind::kUnion: {
      double rows = 0;
      for (const auto& input : node.inputs) rows += estimate_rows(*input);
      return rows;
    }
    default: return estimate_rows(*node.inputs[0]);
  }
}

}  // namespace lode::plan
