#pragma once
// The logical plan: a tree of relational operators that every front end
// (Python, SQL, the CLI) builds. Nodes are immutable; each knows its output
// schema, computed when it is made, so that a wrong column name or type is
// reported where the user wrote it. The optimizer rewrites trees; the
// executor turns them into pipelines.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "lode/core/schema.h"
#include "lode/io/table_source.h"
#include "lode/plan/expression.h"

namespace lode::plan {

enum class PlanKind { kScan, kProject, kFilter, kAggregate, kSort, kLimit, kDistinct, kUnion, kJoin, kRecursiveUnion };

struct PlanNode;
using PlanPtr = std::shared_ptr<const PlanNode>;

struct SortKey {
  ExprPtr expr;  // bound
  bool descending = false;
  bool nulls_last = false;
};

struct PlanNode {
  PlanKind kind;
  std::vector<PlanPtr> inputs;
  Schema schema;  // output

  // kScan
  std::shared_ptr<io::TableSource> source;
  std::vector<int> scan_columns;        // source columns read, in order
  std::vector<ExprPtr> scan_filters;    // pushed conjuncts, bound to the columns read
  /// The positions in scan_columns of the columns the scan outputs (its
  /// schema), when its filters read columns nothing above needs: those are
  /// dropped before the filtered rows are gathered. Empty: all of them.
  std::vector<int> scan_emitted;
  /// At most this many of the source's rows, the first in split order (-1:
  /// all); counted before scan_filters. The scan then reads splits in order
  /// and reads no row past the limit.
  int64_t scan_limit = -1;
  // kProject: one bound expression per output column (windows allowed).
  // kAggregate: keys, then aggregates (each an aggregate call, aliased).
  std::vector<ExprPtr> exprs;
  std::vector<ExprPtr> keys;
  // kFilter
  ExprPtr predicate;
  // kSort
  std::vector<SortKey> sort_keys;
  // kLimit (and a sort's fused top-k when limit >= 0)
  int64_t offset = 0;
  int64_t limit = -1;
  // kJoin: inputs[0] joins inputs[1]; keys bound to each side, of equal types.
  std::string how;  // inner, left, right, full, semi, anti, cross
  std::vector<ExprPtr> left_keys, right_keys;
  std::string suffix = "_right";
  bool nulls_equal = false;
  /// Output column i comes from side join_sides[i] (0 left, 1 right),
  /// column join_columns[i] of that side.
  std::vector<int> join_sides, join_columns;
  /// A residual condition a key match must also meet (null: none), bound
  /// over join_condition_schema(left, right, suffix). For outer, semi and
  /// anti joins it decides which rows match, so it is not a filter above.
  ExprPtr join_condition;
  // kRecursiveUnion: inputs[0] (the anchor) gives the first rows; inputs[1]
  // (the step) reads the rows of the previous round from a scan of
  // `source`, a WorkingTable, and gives the next ones, until a round gives
  // none. The output is every round's rows; with recursive_distinct, rows
  // seen before are dropped (UNION rather than UNION ALL).
  bool recursive_distinct = false;
  // kDistinct
  std::vector<std::string> subset;
  std::string keep = "any";  // any, first, last, none
  bool maintain_order = false;

  /// Returns the tree as indented text, one operator per line.
  std::string to_string(int indent = 0) const;
};

/// Makes nodes; each binds its expressions to the input's schema (throwing
/// SchemaError or InvalidInputError for what does not fit).
PlanPtr scan(std::shared_ptr<io::TableSource> source);
/// A scan of the source's first `limit` rows (read_csv's n_rows).
PlanPtr scan(std::shared_ptr<io::TableSource> source, int64_t limit);
/// A scan of the named columns, in that order (read_parquet's columns): the
/// projection is the scan's own, optimized or not. Throws SchemaError for
/// an unknown name.
PlanPtr scan(std::shared_ptr<io::TableSource> source, const std::vector<std::string>& columns);
PlanPtr project(PlanPtr input, const std::vector<ExprPtr>& exprs);
PlanPtr filter(PlanPtr input, const ExprPtr& predicate);
PlanPtr aggregate(PlanPtr input, const std::vector<ExprPtr>& keys, const std::vector<ExprPtr>& aggregates);
PlanPtr sort(PlanPtr input, const std::vector<ExprPtr>& keys, const std::vector<bool>& descending,
             const std::vector<bool>& nulls_last);
PlanPtr limit(PlanPtr input, int64_t offset, int64_t count);
PlanPtr distinct(PlanPtr input, const std::vector<std::string>& subset, const std::string& keep, bool maintain_order);
PlanPtr union_all(const std::vector<PlanPtr>& inputs);
/// Joins on key expressions of each side (names or expressions). Keys of
/// different integer widths are cast to a common type; other mismatches
/// raise SchemaError. Null keys never match unless nulls_equal. Output: for
/// inner, left, semi and anti the left columns, then (not for semi/anti)
/// the right columns other than right keys named like their left key;
/// right joins keep the right keys instead; full and cross joins keep all.
/// Clashing right names get `suffix`.
/// `condition` (optional) is a residual condition over both sides' columns,
/// named as join_condition_schema() names them; a join with a condition
/// needs at least one key pair (cross and inner joins without keys take a
/// filter above instead).
PlanPtr join(PlanPtr left, PlanPtr right, const std::vector<ExprPtr>& left_keys,
             const std::vector<ExprPtr>& right_keys, const std::string& how, const std::string& suffix,
             bool nulls_equal, const ExprPtr& condition = nullptr);
/// The columns a join condition reads: the left input's, then the right
/// input's, a right name that clashes getting `suffix` (until it is unique).
Schema join_condition_schema(const Schema& left, const Schema& right, const std::string& suffix);

/// A table that holds no rows of its own: the rows of a recursive union's
/// previous round, which the executor puts in its place before each round
/// runs. Reading it elsewhere is an InternalError.
class WorkingTable final : public io::TableSource {
 public:
  explicit WorkingTable(Schema schema) : schema_(std::move(schema)) {}
  const Schema& schema() const override { return schema_; }
  int64_t num_splits() const override { return 0; }
  std::string describe() const override { return "the recursive query's previous rows"; }
  bool read_split(int64_t index, const io::ScanRequest& request, io::ScanStatistics& statistics,
                  const std::function<void(Batch)>& consume) override;

 private:
  Schema schema_;
};

/// A result that several parts of a query read (SQL's CTE used twice):
/// scans of it stand for `plan`, which the executor runs once, before the
/// query, putting its rows in their place. Reading it otherwise is an
/// InternalError.
class SharedResult final : public io::TableSource {
 public:
  SharedResult(PlanPtr plan, std::string name) : plan_(std::move(plan)), name_(std::move(name)) {}
  const PlanPtr& plan() const { return plan_; }
  const Schema& schema() const override { return plan_->schema; }
  int64_t num_splits() const override { return 0; }
  std::string describe() const override { return "the shared result " + name_ + ", computed once"; }
  bool read_split(int64_t index, const io::ScanRequest& request, io::ScanStatistics& statistics,
                  const std::function<void(Batch)>& consume) override;

 private:
  PlanPtr plan_;
  std::string name_;
};

/// SQL's WITH RECURSIVE: `anchor` UNION [ALL] `step`, where `step` scans
/// `working` (a WorkingTable of the anchor's schema) for the previous
/// round's rows. Step columns are matched to the anchor's by position and
/// must have their types (SchemaError otherwise).
PlanPtr recursive_union(PlanPtr anchor, PlanPtr step, std::shared_ptr<WorkingTable> working, bool distinct);
/// Returns `plan` with every scan of `from` reading `to` instead (its
/// pushed columns, filters and limit kept).
PlanPtr replace_source(const PlanPtr& plan, const io::TableSource* from, const std::shared_ptr<io::TableSource>& to);

/// Builds `select`/`with_columns` semantics on top of `input`, splitting
/// expressions that mix aggregates and arithmetic, and filters on window
/// expressions, into the nodes above. `group_by` builds aggregate() with
/// post-projection for expressions such as max(a) - min(b).
PlanPtr select(PlanPtr input, const std::vector<ExprPtr>& exprs);
PlanPtr with_columns(PlanPtr input, const std::vector<ExprPtr>& exprs);
PlanPtr group_by(PlanPtr input, const std::vector<ExprPtr>& keys, const std::vector<ExprPtr>& aggregates);
PlanPtr filter_rows(PlanPtr input, const ExprPtr& predicate);

}  // namespace lode::plan
