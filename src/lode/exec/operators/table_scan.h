#pragma once
// The scan: a source whose tasks are a table source's splits (row groups,
// byte ranges, morsels of an in-memory table). It asks the source for the
// projected columns, lets it skip splits by the pushed predicates, and
// applies the pushed filters to the rows it emits. The pool reports the
// error of the lowest failing task, so a scan raises its earliest split's
// error whichever thread got there first. With a row limit the scan is one
// task that reads the splits in order and asks each for no more rows than
// are left, so rows past the limit are never read (a CSV source neither
// converts nor checks them); the limit counts the source's rows, before
// the filters.

#include <atomic>
#include <memory>

#include "lode/exec/operators/streaming.h"
#include "lode/exec/physical/physical_operator.h"
#include "lode/io/table_source.h"
#include "lode/plan/expression.h"

namespace lode::exec {

class PhysicalTableScan final : public PhysicalOperator {
 public:
  /// `limit` < 0: no row limit.
  /// `emitted`: the positions in request.columns of the columns output (the
  /// schema's), when the filters read more; empty: all of them.
  PhysicalTableScan(Schema schema, std::shared_ptr<io::TableSource> source, io::ScanRequest request,
                    std::vector<plan::ExprPtr> filters, int64_t limit = -1, std::vector<int> emitted = {});
  std::string name() const override { return "SCAN"; }
  std::string details() const override;
  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext& context) override;
  SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) override;

  int64_t splits_read() const { return splits_read_.load(); }
  int64_t splits_skipped() const { return splits_skipped_.load(); }

 private:
  std::shared_ptr<io::TableSource> source_;
  io::ScanRequest request_;
  std::vector<ScanConjunct> filters_;
  int64_t limit_;
  std::vector<int> emitted_;
  /// Reads split `split` with `request`; returns false once downstream (or the limit) wants no more.
  bool read_split(int64_t split, const io::ScanRequest& request, const BatchEmitter& emit, int64_t* remaining);

  std::atomic<int64_t> splits_read_{0}, splits_skipped_{0}, bytes_read_{0};
};

}  // namespace lode::exec
