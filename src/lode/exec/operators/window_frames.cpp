// Window functions that read a partition's rows in the window's order:
// aggregates over a frame (running totals, moving averages and extremes),
// lag and lead, first_value, last_value and nth_value, and ntile,
// percent_rank and cume_dist. Each group's rows are sorted once
// (order_rows). A frame's bounds only move forward as the current row
// does, so sums and counts come from in-group prefix sums and min/max from
// a monotone queue: linear after the sort.

#include <deque>
#include <limits>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/take.h"
#include "lode/exec/aggregates/aggregate_state.h"
#include "lode/exec/expression_evaluator.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/exec/operators/materialized.h"
#include "lode/plan/function_catalog.h"

namespace lode::exec {

namespace {

using Id = plan::AggregateFunctionId;
using plan::WindowFrame;

// The frame of each position (an index into ordered.rows): positions [lo, hi).
struct Frames {
  std::vector<int64_t> lo, hi;
};

int64_t clamp(int64_t value, int64_t low, int64_t high) { return value < low ? low : value > high ? high : value; }

Frames frame_bounds(const OrderedRows& ordered, const WindowFrame& frame) {
  const int64_t n = static_cast<int64_t>(ordered.rows.size());
  Frames frames{std::vector<int64_t>(n), std::vector<int64_t>(n)};
  const int64_t num_groups = static_cast<int64_t>(ordered.starts.size()) - 1;
  for (int64_t group = 0; group < num_groups; ++group) {
    const int64_t begin = ordered.starts[group], end = ordered.starts[group + 1];
    for (int64_t p = begin; p < end;) {
      // The current row's peers: [p, peers_end) tie on the order.
      const int64_t peers_end = frame.rows ? p + 1 : ordered.peers_end(p, end);
      for (int64_t q = p; q < (frame.rows ? p + 1 : peers_end); ++q) {
        int64_t lo = begin, hi = end;
        if (frame.rows) {
          if (frame.start != WindowFrame::kUnboundedPreceding) lo = clamp(q + frame.start, begin, end);
          if (frame.end != WindowFrame::kUnboundedFollowing) hi = clamp(q + frame.end + 1, begin, end);
        } else {
          if (frame.start != WindowFrame::kUnboundedPreceding) lo = p;
          if (frame.end != WindowFrame::kUnboundedFollowing) hi = peers_end;
        }
        frames.lo[q] = lo;
        frames.hi[q] = std::max(lo, hi);
      }
      p = frame.rows ? p + 1 : peers_end;
    }
  }
  return frames;
}

bool is_offset(int64_t bound) {
  return bound != 0 && bound != WindowFrame::kUnboundedPreceding && bound != WindowFrame::kUnboundedFollowing;
}

// RANGE frames with offsets (RANGE BETWEEN 5 PRECEDING AND 2 FOLLOWING):
// the rows whose one order key lies within the offsets of the current
// row's, `values` that key by row (negated when descending, so preceding
// is always smaller). Null keys are their own peers. Keys are sorted in
// each group, so both bounds move forward: two pointers.
Frames range_bounds(const OrderedRows& ordered, const WindowFrame& frame, const std::vector<double>& values,
                    const std::vector<bool>& valid) {
  const int64_t n = static_cast<int64_t>(ordered.rows.size());
  Frames frames{std::vector<int64_t>(n), std::vector<int64_t>(n)};
  const int64_t num_groups = static_cast<int64_t>(ordered.starts.size()) - 1;
  auto value = [&](int64_t p) { return values[ordered.rows[p]]; };
  for (int64_t group = 0; group < num_groups; ++group) {
    const int64_t begin = ordered.starts[group], end = ordered.starts[group + 1];
    // The rows with keys: [keyed_begin, keyed_end); nulls sit before or after them.
    int64_t keyed_begin = begin, keyed_end = end;
    while (keyed_begin < end && !valid[ordered.rows[keyed_begin]]) ++keyed_begin;
    if (keyed_begin == end) keyed_begin = begin, keyed_end = begin;
    else
      while (keyed_end > keyed_begin && !valid[ordered.rows[keyed_end - 1]]) --keyed_end;
    int64_t lo = keyed_begin, hi = keyed_begin;
    for (int64_t q = begin; q < end; ++q) {
      int64_t first, last;  // the frame's positions before applying unbounded ends
      if (q < keyed_begin || q >= keyed_end) {  // a null key: its peers are the other nulls
        first = q < keyed_begin ? begin : keyed_end;
        last = q < keyed_begin ? keyed_begin : end;
      } else {
        constexpr double kInfinity = std::numeric_limits<double>::infinity();
        const double low = frame.start == WindowFrame::kUnboundedPreceding ? -kInfinity : value(q) + static_cast<double>(frame.start);
        const double high = frame.end == WindowFrame::kUnboundedFollowing ? kInfinity : value(q) + static_cast<double>(frame.end);
        while (lo < keyed_end && value(lo) < low) ++lo;
        while (hi < keyed_end && value(hi) <= high) ++hi;
        first = lo;
        last = std::max(lo, hi);
      }
      frames.lo[q] = frame.start == WindowFrame::kUnboundedPreceding ? begin : first;
      frames.hi[q] = frame.end == WindowFrame::kUnboundedFollowing ? end : std::max(frames.lo[q], last);
    }
  }
  return frames;
}

// Returns a bound cast of a bound expression (evaluated as any other).
std::shared_ptr<Column> evaluate_as(const plan::ExprPtr& expr, const DataType& type, const Batch& batch) {
  if (expr->type == type) return evaluate(*expr, batch);
  auto cast = std::make_shared<plan::Expr>();
  cast->kind = plan::ExprKind::kCast;
  cast->args = {expr};
  cast->cast_type = cast->type = type;
  cast->bound = true;
  return evaluate(*cast, batch);
}

// The rows whose values a positional function returns (-1: none), by row.
std::shared_ptr<Column> gather_rows(const plan::Expr& function, const Batch& batch, std::vector<int64_t> source) {
  const int64_t n = batch.num_rows();
  std::shared_ptr<Column> values = evaluate(*function.args[0], batch);
  if (function.args.size() == 2) {  // lag/lead's default where there is no such row
    values = concatenate({values, evaluate_as(function.args[1], values->type(), batch)});
    for (int64_t row = 0; row < n; ++row)
      if (source[row] < 0) source[row] = n + row;
  }
  return take(*values, source.data(), n);
}

std::shared_ptr<Column> positional(const plan::Expr& function, const Batch& batch, const OrderedRows& ordered,
                                   const Frames& frames) {
  const Id id = function.aggregate_function->id;
  const int64_t offset = function.options.offset;
  std::vector<int64_t> source(batch.num_rows(), -1);
  const int64_t num_groups = static_cast<int64_t>(ordered.starts.size()) - 1;
  for (int64_t group = 0; group < num_groups; ++group) {
    const int64_t begin = ordered.starts[group], end = ordered.starts[group + 1];
    for (int64_t p = begin; p < end; ++p) {
      int64_t target = -1;
      switch (id) {
        case Id::kLag: target = p - offset; break;
        case Id::kLead: target = p + offset; break;
        case Id::kFirstValue:
        case Id::kFirst: target = frames.lo[p] < frames.hi[p] ? frames.lo[p] : -1; break;
        case Id::kLastValue:
        case Id::kLast: target = frames.lo[p] < frames.hi[p] ? frames.hi[p] - 1 : -1; break;
        case Id::kNthValue: target = frames.lo[p] + offset - 1 < frames.hi[p] ? frames.lo[p] + offset - 1 : -1; break;
        default: throw InternalError("not a positional window function");
      }
      if (target >= begin && target < end) source[ordered.rows[p]] = ordered.rows[target];
    }
  }
  return gather_rows(function, batch, std::move(source));
}

// ntile, percent_rank and cume_dist: from each row's position among its
// group's rows and its peers.
std::shared_ptr<Column> distribution(const plan::Expr& function, int64_t num_rows, const OrderedRows& ordered) {
  const Id id = function.aggregate_function->id;
  const int64_t buckets = function.options.offset;
  if (id == Id::kNtile && buckets <= 0) throw InvalidInputError("ntile() takes a positive number of buckets");
  std::vector<int64_t> tiles(id == Id::kNtile ? num_rows : 0);
  std::vector<double> shares(id == Id::kNtile ? 0 : num_rows);
  const int64_t num_groups = static_cast<int64_t>(ordered.starts.size()) - 1;
  for (int64_t group = 0; group < num_groups; ++group) {
    const int64_t begin = ordered.starts[group], end = ordered.starts[group + 1], size = end - begin;
    // Buckets differ in size by one at most, the larger first (as in PostgreSQL and DuckDB).
    const int64_t small = size / buckets, large_count = size % buckets;
    for (int64_t p = begin; p < end;) {
      const int64_t peers_end = id == Id::kNtile ? p + 1 : ordered.peers_end(p, end);
      for (int64_t q = p; q < peers_end; ++q) {
        const int64_t row = ordered.rows[q], index = q - begin;
        if (id == Id::kNtile) {
          const int64_t in_large = large_count * (small + 1);
          tiles[row] = 1 + (index < in_large ? index / (small + 1) : large_count + (index - in_large) / small);
        } else if (id == Id::kPercentRank) {
          shares[row] = size > 1 ? static_cast<double>(p - begin) / static_cast<double>(size - 1) : 0.0;
        } else {
          shares[row] = static_cast<double>(peers_end - begin) / static_cast<double>(size);
        }
      }
      p = peers_end;
    }
  }
  ColumnBuilder builder(id == Id::kNtile ? TypeId::kInt64 : TypeId::kFloat64);
  builder.reserve(num_rows);
  for (int64_t row = 0; row < num_rows; ++row) {
    if (id == Id::kNtile) builder.append<int64_t>(tiles[row]);
    else builder.append<double>(shares[row]);
  }
  return builder.finish();
}

// min and max over each frame: the row holding the extreme, found with a
// queue of positions whose values only get worse towards its back.
std::shared_ptr<Column> frame_extreme(const plan::Expr& function, const Batch& batch, const OrderedRows& ordered,
                                      const Frames& frames) {
  const std::shared_ptr<Column> values = evaluate(*function.args[0], batch);
  const NormalizedKey key = normalize_key(*values, {function.args[0], false, true});
  const bool is_max = function.aggregate_function->id == Id::kMax;
  auto better = [&](int64_t a, int64_t b) {  // row a's value beats (or ties) row b's
    const int order = compare_key(key, a, b);
    return is_max ? order >= 0 : order <= 0;
  };
  std::vector<int64_t> source(batch.num_rows(), -1);
  const int64_t num_groups = static_cast<int64_t>(ordered.starts.size()) - 1;
  std::deque<int64_t> queue;  // positions
  for (int64_t group = 0; group < num_groups; ++group) {
    const int64_t begin = ordered.starts[group], end = ordered.starts[group + 1];
    queue.clear();
    int64_t added = begin;  // positions before this are in the queue or were dropped
    for (int64_t p = begin; p < end; ++p) {
      for (; added < frames.hi[p]; ++added) {
        const int64_t row = ordered.rows[added];
        if (values->is_null(row)) continue;
        while (!queue.empty() && better(row, ordered.rows[queue.back()])) queue.pop_back();
        queue.push_back(added);
      }
      while (!queue.empty() && queue.front() < frames.lo[p]) queue.pop_front();
      if (!queue.empty()) source[ordered.rows[p]] = ordered.rows[queue.front()];
    }
  }
  return take(*values, source.data(), batch.num_rows());
}

// sum, mean, count and len over each frame, from in-group prefix sums
// (exact for running frames, which start at the group's first row).
template <typename T>
std::shared_ptr<Column> frame_sum(const plan::Expr& function, const Batch& batch, const OrderedRows& ordered,
                                  const Frames& frames, const DataType& value_type) {
  const Id id = function.aggregate_function->id;
  const bool is_mean = id == Id::kMean, is_count = id == Id::kCount || id == Id::kLen;
  const int64_t n = batch.num_rows();
  std::shared_ptr<Column> values = id == Id::kLen ? nullptr : evaluate_as(function.args[0], value_type, batch);
  std::vector<T> sums(n);          // by position: the sum of the group's values up to it
  std::vector<int64_t> counts(n);  // and the number of non-null values
  std::vector<T> results(n);       // by row
  std::vector<int64_t> result_counts(n);
  const int64_t num_groups = static_cast<int64_t>(ordered.starts.size()) - 1;
  for (int64_t group = 0; group < num_groups; ++group) {
    const int64_t begin = ordered.starts[group], end = ordered.starts[group + 1];
    T sum{};
    int64_t count = 0;
    for (int64_t p = begin; p < end; ++p) {
      const int64_t row = ordered.rows[p];
      if (!values || values->is_valid(row)) {
        ++count;
        if (values) sum = static_cast<T>(sum + values->values<T>()[row]);
      }
      sums[p] = sum;
      counts[p] = count;
    }
    for (int64_t p = begin; p < end; ++p) {
      const int64_t lo = frames.lo[p], hi = frames.hi[p], row = ordered.rows[p];
      if (hi == lo) continue;  // an empty frame: no values
      const bool after_begin = lo > begin;
      result_counts[row] = counts[hi - 1] - (after_begin ? counts[lo - 1] : 0);
      results[row] = static_cast<T>(sums[hi - 1] - (after_begin ? sums[lo - 1] : T{}));
    }
  }
  ColumnBuilder builder(is_count ? DataType(TypeId::kInt64) : function.type);
  builder.reserve(n);
  for (int64_t row = 0; row < n; ++row) {
    if (is_count) builder.append<int64_t>(result_counts[row]);
    else if (result_counts[row] == 0) builder.append_null();
    else if (is_mean) builder.append<double>(static_cast<double>(results[row]) / static_cast<double>(result_counts[row]));
    else builder.append<T>(results[row]);
  }
  return builder.finish();
}

std::shared_ptr<Column> frame_aggregate(const plan::Expr& function, const Batch& batch, const OrderedRows& ordered,
                                        const Frames& frames) {
  switch (function.aggregate_function->id) {
    case Id::kMin:
    case Id::kMax: return frame_extreme(function, batch, ordered, frames);
    case Id::kFirst:
    case Id::kLast: return positional(function, batch, ordered, frames);
    case Id::kLen:
    case Id::kCount: return frame_sum<int64_t>(function, batch, ordered, frames, DataType(TypeId::kInt64));
    case Id::kMean: return frame_sum<double>(function, batch, ordered, frames, DataType(TypeId::kFloat64));
    case Id::kSum:
      if (function.type.id == TypeId::kInt64) return frame_sum<int64_t>(function, batch, ordered, frames, function.type);
      if (function.type.id == TypeId::kUInt64) return frame_sum<uint64_t>(function, batch, ordered, frames, function.type);
      if (function.type.id == TypeId::kFloat64) return frame_sum<double>(function, batch, ordered, frames, function.type);
      break;
    default: break;
  }
  throw NotSupportedError(function.to_string() + " over a window frame (frames take sum, mean, count, min, max, "
                          "first and last)");
}

}  // namespace

std::shared_ptr<Column> evaluate_ordered_window(QueryContext& context, const Batch& batch, const plan::Expr& window,
                                                const std::vector<uint32_t>& groups, int64_t num_groups) {
  const plan::Expr& function = *window.args[0];
  const WindowFrame& frame = window.frame;
  const bool range_offsets = frame.specified && !frame.rows && (is_offset(frame.start) || is_offset(frame.end));
  if (range_offsets && window.order_by.size() != 1)
    throw InvalidInputError("a RANGE frame with offsets needs exactly one ORDER BY key (whose values the offsets are added to)");
  std::vector<plan::SortKey> sort_keys;
  for (size_t i = 0; i < window.order_by.size(); ++i)
    sort_keys.push_back({window.order_by[i], window.order_descending[i], window.order_nulls_last[i]});
  const OrderedRows ordered = order_rows(context, batch, sort_keys, groups, num_groups);
  switch (function.aggregate_function->id) {
    case Id::kNtile:
    case Id::kPercentRank:
    case Id::kCumeDist: return distribution(function, batch.num_rows(), ordered);
    case Id::kLag:
    case Id::kLead:
      if (function.options.offset < 0) throw InvalidInputError(function.name + "() takes an offset of 0 or more");
      return positional(function, batch, ordered, {});
    default: break;
  }
  // Without a frame (first_value and co. in Python's over()), the whole group.
  WindowFrame bounds = frame;
  if (!frame.specified) bounds = {true, true, WindowFrame::kUnboundedPreceding, WindowFrame::kUnboundedFollowing};
  Frames frames;
  if (range_offsets) {
    const plan::ExprPtr& key = window.order_by[0];
    if (!key->type.is_numeric() && key->type.id != TypeId::kDate32 && key->type.id != TypeId::kTimestamp)
      throw InvalidInputError("a RANGE frame with offsets needs a numeric or date order key, not " + key->type.name());
    // Dates count days and timestamps microseconds.
    const auto numbers = evaluate_as(key, TypeId::kFloat64, batch);
    std::vector<double> values(batch.num_rows());
    std::vector<bool> valid(batch.num_rows());
    const double sign = window.order_descending[0] ? -1 : 1;
    for (int64_t row = 0; row < batch.num_rows(); ++row) {
      valid[row] = numbers->is_valid(row);
      values[row] = sign * numbers->values<double>()[row];
    }
    frames = range_bounds(ordered, bounds, values, valid);
  } else {
    frames = frame_bounds(ordered, bounds);
  }
  switch (function.aggregate_function->id) {
    case Id::kFirstValue:
    case Id::kLastValue:
    case Id::kNthValue:
      if (function.options.offset <= 0) throw InvalidInputError("nth_value() counts rows from 1");
      return positional(function, batch, ordered, frames);
    default: return frame_aggregate(function, batch, ordered, frames);
  }
}

}  // namespace lode::exec
