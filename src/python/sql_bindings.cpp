// Bindings of the SQL front end: sql_plan(query, find_table, table_names)
// parses and binds a query into a plan, asking Python for tables by name
// (python/lode/sql_context.py decides where a name is found); SqlScript
// parses a script of statements and binds one at a time, returning what
// to run as a dict (sql_context.py runs it).

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "lode/sql/binder.h"
#include "lode/sql/parser.h"

namespace py = pybind11;

namespace lode::python {

namespace {

using PlanHandle = std::shared_ptr<plan::PlanNode>;

// Forwards the binder's table look-ups to Python callables.
class PythonCatalog final : public sql::Catalog {
 public:
  PythonCatalog(py::function find_table, py::function table_names, py::object stored_kind = py::none())
      : find_table_(std::move(find_table)), table_names_(std::move(table_names)), stored_kind_(std::move(stored_kind)) {}

  plan::PlanPtr find_table(const std::string& name) override {
    const py::object plan = find_table_(name);
    return plan.is_none() ? nullptr : plan.cast<PlanHandle>();
  }
  std::vector<std::string> table_names() override { return table_names_().cast<std::vector<std::string>>(); }
  sql::StoredKind stored_kind(const std::string& name) override {
    if (stored_kind_.is_none()) return sql::StoredKind::kNone;
    const std::string kind = stored_kind_(name).cast<std::string>();
    return kind == "table" ? sql::StoredKind::kTable : kind == "view" ? sql::StoredKind::kView : sql::StoredKind::kNone;
  }

 private:
  py::function find_table_;
  py::function table_names_;
  py::object stored_kind_;
};

// A parsed script: its text and statements, bound one at a time.
struct SqlScript {
  std::string text;
  std::vector<sql::ast::StatementPtr> statements;
};

const char* kind_name(sql::ast::StatementKind kind) {
  using sql::ast::StatementKind;
  switch (kind) {
    case StatementKind::kQuery: return "query";
    case StatementKind::kCreateTable: return "create_table";
    case StatementKind::kCreateView: return "create_view";
    case StatementKind::kInsert: return "insert";
    case StatementKind::kDrop: return "drop";
    case StatementKind::kCopy: return "copy";
    case StatementKind::kDescribe: return "describe";
    case StatementKind::kShowTables: return "show_tables";
    case StatementKind::kExplain: return "explain";
    case StatementKind::kSet: return "set";
  }
  return "query";
}

py::dict bound_to_dict(const sql::BoundStatement& bound) {
  py::dict result;
  result["kind"] = kind_name(bound.kind);
  result["name"] = bound.name;
  result["plan"] = bound.plan ? py::cast(std::const_pointer_cast<plan::PlanNode>(bound.plan)) : py::none();
  result["or_replace"] = bound.or_replace;
  result["skip"] = bound.skip;
  result["analyze"] = bound.analyze;
  result["view_text"] = bound.view_text;
  const sql::CopyTarget& copy = bound.copy;
  result["copy"] = py::dict(py::arg("path") = copy.path, py::arg("format") = copy.format,
                            py::arg("compression") = copy.compression, py::arg("row_group_size") = copy.row_group_size,
                            py::arg("header") = copy.header, py::arg("delimiter") = copy.delimiter,
                            py::arg("quote") = copy.quote, py::arg("null_value") = copy.null_value,
                            py::arg("date_format") = copy.date_format,
                            py::arg("timestamp_format") = copy.timestamp_format);
  const Scalar& value = bound.value;
  if (value.is_null) result["value"] = py::none();
  else if (value.type.id == TypeId::kString) result["value"] = value.text;
  else result["value"] = value.integer;
  return result;
}

}  // namespace

void bind_sql(py::module_& module) {
  module.def("sql_plan", [](const std::string& query, py::function find_table, py::function table_names) {
        PythonCatalog catalog(std::move(find_table), std::move(table_names));
        return std::const_pointer_cast<plan::PlanNode>(sql::plan_sql(query, catalog));
      }, py::arg("query"), py::arg("find_table"), py::arg("table_names"));
  py::class_<SqlScript, std::shared_ptr<SqlScript>>(module, "SqlScript")
      .def(py::init([](std::string text) {
        auto script = std::make_shared<SqlScript>();
        script->text = std::move(text);
        script->statements = sql::parse_statements(script->text);
        return script;
      }))
      .def("__len__", [](const SqlScript& script) { return script.statements.size(); })
      .def("bind", [](const SqlScript& script, size_t index, py::function find_table, py::function table_names,
                      py::function stored_kind) {
        if (index >= script.statements.size()) throw py::index_error("no such statement");
        PythonCatalog catalog(std::move(find_table), std::move(table_names), std::move(stored_kind));
        return bound_to_dict(sql::bind_statement(*script.statements[index], script.text, catalog));
      }, py::arg("index"), py::arg("find_table"), py::arg("table_names"), py::arg("stored_kind"));
}

}  // namespace lode::python
