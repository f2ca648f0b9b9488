#include "lode/plan/cardinality.h"

#include <algorithm>

namespace lode::plan {

namespace {

// Rows, and the share of its base rows the filters on the way kept (1 for
// a scan without filters; an aggregate starts a new base).
struct Estimate {
  double rows = 0, share = 1;
};

Estimate estimate(const PlanNode& node) {
  switch (node.kind) {
    case PlanKind::kScan: {
      double rows = static_cast<double>(node.source->estimated_rows().value_or(1000000));
      if (node.scan_limit >= 0) rows = std::min(rows, static_cast<double>(node.scan_limit));
      double share = 1;
      for (size_t i = 0; i < node.scan_filters.size(); ++i) share *= 0.5;
      return {rows * share, share};
    }
    case PlanKind::kFilter: {
      const Estimate input = estimate(*node.inputs[0]);
      return {input.rows * 0.5, input.share * 0.5};
    }
    case PlanKind::kAggregate: return {node.keys.empty() ? 1 : estimate(*node.inputs[0]).rows * 0.1, 1};
    case PlanKind::kLimit: {
      const Estimate input = estimate(*node.inputs[0]);
      return {std::min<double>(static_cast<double>(node.limit), input.rows), input.share};
    }
    case PlanKind::kJoin: {
      const Estimate left = estimate(*node.inputs[0]), right = estimate(*node.inputs[1]);
      // A semi join keeps at most a row per match, an anti join some; both
      // keep rows of the left side's base.
      if (node.how == "semi") {
        const double rows = std::min(left.rows, right.rows);
        return {rows, left.rows > 0 ? left.share * rows / left.rows : left.share};
      }
      if (node.how == "anti") return {left.rows * 0.5, left.share * 0.5};
      if (node.how == "cross") return {left.rows * right.rows, left.share * right.share};
      // An equi-join as a foreign key meets its key: each row of the larger
      // side matches a row of the smaller one where that side's filters
      // kept it. Outer joins keep their preserved side's rows.
      const bool left_larger = left.rows >= right.rows;
      double rows = left_larger ? left.rows * right.share : right.rows * left.share;
      if (node.how == "left" || node.how == "full") rows = std::max(rows, left.rows);
      if (node.how == "right" || node.how == "full") rows = std::max(rows, right.rows);
      return {rows, left.share * right.share};
    }
    case PlanKind::kUnion: {
      double rows = 0;
      for (const auto& input : node.inputs) rows += estimate(*input).rows;
      return {rows, 1};
    }
    default: return node.inputs.empty() ? Estimate{1000000, 1} : estimate(*node.inputs[0]);
  }
}

}  // namespace

double estimate_rows(const PlanNode& node) { return estimate(node).rows; }

double estimate_share(const PlanNode& node) { return estimate(node).share; }

}  // namespace lode::plan
