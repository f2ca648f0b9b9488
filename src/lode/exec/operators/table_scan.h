#pragma once
// The scan: a source whose tasks are a table source's splits (row groups,
// byte ranges, morsels of an in-memory table). It asks the source for the
// projected columns, lets it skip splits by the pushed predicates, and
// applies the pushed filters to the rows it emits.

#include <atomic>
#include <memory>

#include "lode/exec/physical/physical_operator.h"
#include "lode/io/table_source.h"
#include "lode/plan/expression.h"

namespace lode::exec {

class PhysicalTableScan final : public PhysicalOperator {
 public:
  PhysicalTableScan(Schema schema, std::shared_ptr<io::TableSource> source, io::ScanRequest request,
                    std::vector<plan::ExprPtr> filters);
  std::string name() const override { return "SCAN"; }
  std::string details() const override;
  bool is_source() const override { return true; }
  int64_t num_source_tasks(QueryContext& context) override { return source_->num_splits(); }
  SourceResult get_data(QueryContext& context, int64_t task, const BatchEmitter& emit) override;

  int64_t splits_read() const { return splits_read_.load(); }
  int64_t splits_skipped() const { return splits_skipped_.load(); }

 private:
  std::shared_ptr<io::TableSource> source_;
  io::ScanRequest request_;
  std::vector<plan::ExprPtr> filters_;
  std::atomic<int64_t> splits_read_{0}, splits_skipped_{0}, bytes_read_{0};
};

}  // namespace lode::exec
