#pragma once
// A table source over an in-memory table (a DataFrame): each split is a
// morsel of rows cut out of the table's batches by zero-copy slicing.

#include <memory>

#include "lode/core/table.h"
#include "lode/io/table_source.h"

namespace lode::io {

class MemorySource final : public TableSource {
 public:
  static constexpr int64_t kMorselRows = 1 << 17;

  /// Cuts morsels of morsel_rows rows (default: default_morsel_rows()).
  explicit MemorySource(std::shared_ptr<const Table> table, int64_t morsel_rows = 0);

  /// Sets the morsel size of in-memory scans, process-wide: a stress switch
  /// (tiny morsels exercise every merge and boundary); 0 restores the default.
  static void set_default_morsel_rows(int64_t rows);
  static int64_t default_morsel_rows();

  const Schema& schema() const override { return table_->schema(); }
  int64_t num_splits() const override { return static_cast<int64_t>(morsels_.size()); }
  std::optional<int64_t> estimated_rows() const override { return table_->num_rows(); }
  std::string describe() const override;
  bool read_split(int64_t index, const ScanRequest& request, ScanStatistics& statistics,
                  const std::function<void(Batch)>& consume) override;

 private:
  struct Morsel {
    int batch;
    int64_t offset;
    int64_t length;
  };
  std::shared_ptr<const Table> table_;
  std::vector<Morsel> morsels_;
};

}  // namespace lode::io
