#pragma once
// Where the SQL binder finds tables: an interface the front end implements
// (Python: a SQLContext's tables, keyword tables, the caller's variables).
// Quoted file paths and read_parquet()/read_csv() do not go through it; the
// binder opens those itself (table_functions.h). Called on the binding
// thread only, once or more per table name in a query.

#include <string>
#include <vector>

#include "lode/plan/logical_plan.h"

namespace lode::sql {

enum class StoredKind : uint8_t { kNone, kTable, kView };

class Catalog {
 public:
  virtual ~Catalog() = default;
  /// Returns the plan of the table called `name` (as written in the query),
  /// or nullptr when there is none.
  virtual plan::PlanPtr find_table(const std::string& name) = 0;
  /// Returns the names find_table knows, for "did you mean" suggestions.
  virtual std::vector<std::string> table_names() = 0;
  /// Returns whether `name` is a table or a view that statements (INSERT,
  /// DROP, CREATE OR REPLACE) may change, or neither (a file, a caller's
  /// variable, an unknown name). The default: none is.
  virtual StoredKind stored_kind(const std::string& name) { return StoredKind::kNone; }
};

/// A catalogue of named plans, for C++ callers and tests.
class MapCatalog final : public Catalog {
 public:
  void add(std::string name, plan::PlanPtr plan) { tables_.emplace_back(std::move(name), std::move(plan)); }
  plan::PlanPtr find_table(const std::string& name) override {
    for (const auto& [table_name, plan] : tables_)
      if (table_name == name) return plan;
    return nullptr;
  }
  std::vector<std::string> table_names() override {
    std::vector<std::string> names;
    for (const auto& entry : tables_) names.push_back(entry.first);
    return names;
  }
  /// Its tables are all tables that statements may change.
  StoredKind stored_kind(const std::string& name) override {
    return find_table(name) ? StoredKind::kTable : StoredKind::kNone;
  }

 private:
  std::vector<std::pair<std::string, plan::PlanPtr>> tables_;
};

}  // namespace lode::sql
