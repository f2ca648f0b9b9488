// Bindings of the SQL front end: sql_plan(query, find_table, table_names)
// parses and binds a query into a plan, asking Python for tables by name
// (python/lode/sql.py decides where a name is found).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "lode/sql/binder.h"

namespace py = pybind11;

namespace lode::python {

namespace {

using PlanHandle = std::shared_ptr<plan::PlanNode>;

// Forwards the binder's table look-ups to Python callables.
class PythonCatalog final : public sql::Catalog {
 public:
  PythonCatalog(py::function find_table, py::function table_names)
      : find_table_(std::move(find_table)), table_names_(std::move(table_names)) {}

  plan::PlanPtr find_table(const std::string& name) override {
    const py::object plan = find_table_(name);
    return plan.is_none() ? nullptr : plan.cast<PlanHandle>();
  }
  std::vector<std::string> table_names() override { return table_names_().cast<std::vector<std::string>>(); }

 private:
  py::function find_table_;
  py::function table_names_;
};

}  // namespace

void bind_sql(py::module_& module) {
  module.def("sql_plan", [](const std::string& query, py::function find_table, py::function table_names) {
        PythonCatalog catalog(std::move(find_table), std::move(table_names));
        return std::const_pointer_cast<plan::PlanNode>(sql::plan_sql(query, catalog));
      }, py::arg("query"), py::arg("find_table"), py::arg("table_names"));
}

}  // namespace lode::python
