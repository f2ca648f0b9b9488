#include "plan_bindings.h"

#include "interruptible.h"

#include <pybind11/stl.h>

#include <chrono>
#include <future>
#include <thread>

#include "lode/core/error.h"
#include "lode/exec/executor.h"
#include "lode/exec/kernels/kernel.h"
#include "lode/io/memory_source.h"
#include "lode/plan/function_catalog.h"
#include "lode/plan/logical_plan.h"

namespace py = pybind11;

namespace lode::python {

namespace {

using plan::ExprPtr;
using plan::PlanPtr;

// pybind11 holds objects by non-const shared_ptr; plans and expressions
// are immutable all the same (nothing here mutates them).
using ExprHandle = std::shared_ptr<plan::Expr>;
using PlanHandle = std::shared_ptr<plan::PlanNode>;
ExprHandle handle(const ExprPtr& expr) { return std::const_pointer_cast<plan::Expr>(expr); }
PlanHandle handle(const PlanPtr& node) { return std::const_pointer_cast<plan::PlanNode>(node); }

std::vector<ExprPtr> exprs_of(const py::list& items) {
  std::vector<ExprPtr> exprs;
  for (const auto& item : items) exprs.push_back(item.cast<ExprHandle>());
  return exprs;
}

std::vector<ExprHandle> handles(const std::vector<ExprPtr>& exprs) {
  std::vector<ExprHandle> result;
  for (const auto& expr : exprs) result.push_back(handle(expr));
  return result;
}

}  // namespace

void bind_plans(py::module_& module) {
  py::class_<plan::Expr, ExprHandle>(module, "Expr")
      .def("__str__", &plan::Expr::to_string)
      .def("output_name", &plan::Expr::output_name)
      .def_property_readonly("kind", [](const plan::Expr& expr) { return static_cast<int>(expr.kind); })
      .def_property_readonly("name", [](const plan::Expr& expr) { return expr.name; })
      .def_property_readonly("args", [](const plan::Expr& expr) { return handles(expr.args); })
      .def_property_readonly("partition_by", [](const plan::Expr& expr) { return handles(expr.partition_by); });

  module.def("expr_column", [](const std::string& name) { return handle(plan::column(name)); }, py::arg("name"));
  module.def("expr_literal", [](const std::shared_ptr<Column>& column) { return handle(plan::literal(exec::scalar_at(*column, 0))); },
             py::arg("one_value_column"));
  module.def("expr_null", [](const DataType& type) { return handle(plan::literal(Scalar::null(type))); }, py::arg("type"));
  module.def("expr_call", [](const std::string& name, const py::list& args) { return handle(plan::call(name, exprs_of(args))); });
  module.def("expr_cast", [](const ExprHandle& expr, const DataType& type, bool strict) { return handle(plan::cast(expr, type, strict)); }, py::arg("expr"), py::arg("type"), py::arg("strict"));
  module.def("expr_alias", [](const ExprHandle& expr, const std::string& name) { return handle(plan::alias(expr, name)); }, py::arg("expr"), py::arg("name"));
  module.def("expr_aggregate", [](const std::string& name, const py::list& args, double quantile, int ddof,
                                  bool descending, const std::string& method, const std::string& separator) {
        plan::ExprOptions options{quantile, ddof, descending, method};
        options.separator = separator;
        return handle(plan::aggregate(name, exprs_of(args), options));
      }, py::arg("name"), py::arg("args"), py::arg("quantile") = 0.5, py::arg("ddof") = 1,
      py::arg("descending") = false, py::arg("method") = "average", py::arg("separator") = ",");
  module.def("expr_window", [](const ExprHandle& function, const py::list& partition_by, const py::list& order_by,
                               const std::vector<bool>& descending, const std::vector<bool>& nulls_last) {
        return handle(plan::window(function, exprs_of(partition_by), exprs_of(order_by), descending, nulls_last));
      }, py::arg("function"), py::arg("partition_by"), py::arg("order_by"), py::arg("descending"),
      py::arg("nulls_last") = std::vector<bool>{});

  py::class_<plan::PlanNode, PlanHandle>(module, "Plan")
      .def_property_readonly("names", [](const plan::PlanNode& node) { return node.schema.names(); })
      .def_property_readonly("types", [](const plan::PlanNode& node) {
        std::vector<DataType> types;
        for (const auto& field : node.schema.fields()) types.push_back(field.type);
        return types;
      })
      .def("__str__", [](const plan::PlanNode& node) { return node.to_string(); });

  module.def("plan_scan_table", [](const std::shared_ptr<Table>& table) {
    return handle(plan::scan(std::make_shared<io::MemorySource>(table)));
  });
  module.def("plan_select", [](const PlanHandle& input, const py::list& exprs) { return handle(plan::select(input, exprs_of(exprs))); });
  module.def("plan_with_columns", [](const PlanHandle& input, const py::list& exprs) {
    return handle(plan::with_columns(input, exprs_of(exprs)));
  });
  module.def("plan_filter", [](const PlanHandle& input, const ExprHandle& predicate) {
    return handle(plan::filter_rows(input, predicate));
  });
  module.def("plan_group_by", [](const PlanHandle& input, const py::list& keys, const py::list& aggregates) {
    return handle(plan::group_by(input, exprs_of(keys), exprs_of(aggregates)));
  });
  module.def("plan_sort", [](const PlanHandle& input, const py::list& keys, const std::vector<bool>& descending,
                             const std::vector<bool>& nulls_last) {
    return handle(plan::sort(input, exprs_of(keys), descending, nulls_last));
  });
  module.def("plan_limit", [](const PlanHandle& input, int64_t offset, int64_t count) {
    return handle(plan::limit(input, offset, count));
  });
  module.def("plan_distinct", [](const PlanHandle& input, const std::vector<std::string>& subset,
                                 const std::string& keep, bool maintain_order) {
    return handle(plan::distinct(input, subset, keep, maintain_order));
  });
  module.def("plan_join", [](const PlanHandle& left, const PlanHandle& right, const py::list& left_keys,
                             const py::list& right_keys, const std::string& how, const std::string& suffix,
                             bool nulls_equal) {
    return handle(plan::join(left, right, exprs_of(left_keys), exprs_of(right_keys), how, suffix, nulls_equal));
  });
  module.def("plan_union", [](const std::vector<PlanHandle>& inputs) {
    return handle(plan::union_all(std::vector<PlanPtr>(inputs.begin(), inputs.end())));
  });

  module.def("plan_explain", [](const PlanHandle& plan, bool optimized, const std::string& format) {
    const PlanPtr chosen = exec::optimize_plan(plan, optimized);
    if (format == "physical") return exec::explain_physical(chosen);
    if (format != "logical") throw InvalidInputError("explain format must be 'logical' or 'physical', got '" + format + "'");
    return chosen->to_string();
  }, py::arg("plan"), py::arg("optimized") = true, py::arg("format") = "logical");
  module.def("plan_collect", [](const PlanHandle& plan, bool optimized) {
    return run_interruptibly<std::shared_ptr<Table>>([plan, optimized](exec::QueryContext& context) {
      return exec::execute(exec::optimize_plan(plan, optimized), context);
    });
  }, py::arg("plan"), py::arg("optimized") = true);
  using Background = BackgroundQuery<std::shared_ptr<Table>>;
  py::class_<Background>(module, "BackgroundQuery")
      .def("cancel", &Background::cancel)
      .def("is_done", &Background::is_done)
      .def("fetch_blocking", &Background::fetch_blocking);
  module.def("plan_collect_background", [](const PlanHandle& plan, bool optimized) {
    const PlanPtr chosen = exec::optimize_plan(plan, optimized);
    return std::make_unique<Background>([chosen](exec::QueryContext& context) { return exec::execute(chosen, context); });
  }, py::arg("plan"), py::arg("optimized") = true);
  module.def("plan_profile", [](const PlanHandle& plan, bool optimized) {
    auto profile = std::make_shared<exec::QueryProfile>();
    auto optimized_plan = exec::optimize_plan(plan, optimized);
    const auto start = std::chrono::steady_clock::now();
    auto table = run_interruptibly<std::shared_ptr<Table>>([optimized_plan, profile](exec::QueryContext& context) {
      context.profile = profile.get();
      return exec::execute(optimized_plan, context);
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return py::make_tuple(table, profile->render(*optimized_plan), seconds);
  }, py::arg("plan"), py::arg("optimized") = true);
}

void bind_function_catalog(py::module_& module) {
  module.def("functions", [] {
    py::list entries;
    auto entry = [](std::string_view name, const char* kind, int min_args, int max_args, bool internal,
                    std::string_view doc) {
      return py::dict(py::arg("name") = name, py::arg("kind") = kind, py::arg("min_args") = min_args,
                      py::arg("max_args") = max_args < 0 ? py::object(py::none()) : py::int_(max_args),
                      py::arg("internal") = internal, py::arg("doc") = doc);
    };
    for (const auto& function : plan::scalar_functions())
      entries.append(entry(function.name, "scalar", function.min_args, function.max_args, function.internal,
                           function.doc));
    for (const auto& function : plan::aggregate_functions())
      entries.append(entry(function.name, function.ranking ? "ranking" : "aggregate", function.min_args,
                           function.max_args, function.internal, function.doc));
    return entries;
  }, "Returns the function catalogue: one dict (name, kind, min_args, max_args, internal, doc) per function.");
}

}  // namespace lode::python
