// The lode._lode extension module: handles on C++ objects and conversions,
// nothing more. The Python API lives in python/lode.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings.h"
#include "conversions.h"
#include "plan_bindings.h"
#include "parquet_bindings.h"
#include "lode/core/error.h"
#include "lode/core/memory_manager.h"
#include "lode/core/table.h"
#include "lode/core/thread_pool.h"
#include "lode/exec/executor.h"
#include "lode/exec/hashing.h"
#include "lode/exec/spilling.h"
#include "lode/io/spill/spill_file.h"
#include "lode/datagen/datagen.h"
#include "lode/io/csv/csv_writer.h"
#include "lode/io/memory_source.h"

namespace py = pybind11;
using namespace lode;

namespace {

// Raises the lode.errors class of the error's kind, with its context as
// attributes (err.path, err.line, err.column, ...).
void raise_python_error(const Error& error) {
  py::module_ errors = py::module_::import("lode.errors");
  py::object error_class = errors.attr(error_kind_name(error.kind()));
  py::object instance = error_class(error.what());
  const ErrorContext& context = error.context();
  auto set_text = [&](const char* name, const std::string& value) {
    instance.attr(name) = value.empty() ? py::none() : py::object(py::str(value));
  };
  auto set_number = [&](const char* name, int64_t value) {
    instance.attr(name) = value < 0 ? py::none() : py::object(py::int_(value));
  };
  set_text("path", context.path);
  set_number("line", context.line);
  set_number("byte_offset", context.byte_offset);
  set_number("row_group", context.row_group);
  set_number("row", context.row);
  set_text("column", context.column);
  // A query's errors (SQL) locate a character, not a named column.
  if (context.text_column >= 0) set_number("column", context.text_column);
  set_text("expression", context.expression);
  set_text("hint", context.hint);
  PyErr_SetObject(error_class.ptr(), instance.ptr());
}

int64_t byte_size_from(const py::object& size) {
  if (py::isinstance<py::str>(size)) return parse_byte_size(size.cast<std::string>());
  return size.cast<int64_t>();
}

void bind_data_type(py::module_& module) {
  py::class_<DataType>(module, "DataType")
      .def(py::init([](const std::string& name) { return DataType::parse(name); }), py::arg("name"))
      .def_static("decimal128", &DataType::decimal128, py::arg("precision"), py::arg("scale"))
      .def_static("timestamp", &DataType::timestamp, py::arg("timezone") = "")
      .def_property_readonly("name", &DataType::name)
      .def_property_readonly("precision", [](const DataType& type) { return type.precision; })
      .def_property_readonly("scale", [](const DataType& type) { return type.scale; })
      .def_property_readonly("timezone", [](const DataType& type) { return type.timezone; })
      .def_static("list", &DataType::list, py::arg("element"))
      .def_static("struct", &DataType::struct_of, py::arg("names"), py::arg("types"))
      .def_property_readonly("children", [](const DataType& type) { return type.children; })
      .def_property_readonly("field_names", [](const DataType& type) { return type.field_names; })
      .def("is_nested", &DataType::is_nested)
      .def("is_integer", &DataType::is_integer)
      .def("is_floating", &DataType::is_floating)
      .def("is_numeric", &DataType::is_numeric)
      .def("__eq__", [](const DataType& a, const DataType& b) { return a == b; })
      .def("__hash__", [](const DataType& type) { return std::hash<std::string>()(type.name()); })
      .def("__repr__", [](const DataType& type) { return type.name(); })
      .def("__str__", &DataType::name)
      .def(py::pickle([](const DataType& type) { return type.name(); },
                      [](const std::string& name) { return DataType::parse(name); }));
}

void bind_table(py::module_& module) {
  py::class_<Table, std::shared_ptr<Table>>(module, "Table")
      .def_property_readonly("num_rows", &Table::num_rows)
      .def_property_readonly("num_columns", &Table::num_columns)
      .def_property_readonly("num_batches", [](const Table& table) { return table.batches().size(); })
      .def_property_readonly("names", [](const Table& table) { return table.schema().names(); })
      .def_property_readonly("types", [](const Table& table) {
        std::vector<DataType> types;
        for (const auto& field : table.schema().fields()) types.push_back(field.type);
        return types;
      })
      .def("index_of", [](const Table& table, const std::string& name) { return table.schema().index_of(name); })
      .def("slice", &Table::slice, py::arg("offset"), py::arg("length"))
      .def("select", &Table::select, py::arg("names"))
      .def("combine_batches", &Table::combine_batches)
      .def("memory_bytes", &Table::memory_bytes)
      .def("column_data", [](const Table& table, int index) {
            return python::column_to_python(table.column(index));
          }, py::arg("index"))
      .def("write_csv", [](const Table& table, const std::string& path, bool header, char separator,
                           char quote, const std::string& null_string, const std::string& date_format,
                           const std::string& timestamp_format) {
            py::gil_scoped_release release;
            io::write_csv(table, path, io::CsvWriteOptions{header, separator, quote, null_string, date_format,
                                                           timestamp_format});
          }, py::arg("path"), py::arg("header") = true, py::arg("separator") = ',',
          py::arg("quote") = '"', py::arg("null_string") = "", py::arg("date_format") = "",
          py::arg("timestamp_format") = "");
}

void bind_construction(py::module_& module) {
  module.def("column_from_python", &python::column_from_python, py::arg("values"),
             py::arg("null_mask"), py::arg("type"));
  module.def("table_from_columns", [](const std::vector<std::string>& names, const py::list& columns) {
        std::vector<std::shared_ptr<Column>> parts;
        for (const auto& column : columns) parts.push_back(column.cast<std::shared_ptr<Column>>());
        return Table::from_columns(names, std::move(parts));
      }, py::arg("names"), py::arg("columns"));
  py::class_<Column, std::shared_ptr<Column>>(module, "Column")
      .def_property_readonly("length", &Column::length)
      .def_property_readonly("null_count", &Column::null_count)
      .def_property_readonly("type", &Column::type);
}

void bind_memory(py::module_& module) {
  module.def("set_memory_limit", [](const py::object& size) {
        MemoryManager::global().set_limit_bytes(byte_size_from(size));
      }, py::arg("size"));
  module.def("memory_limit", [] { return MemoryManager::global().limit_bytes(); });
  module.def("memory_usage", [] { return MemoryManager::global().used_bytes(); });
  module.def("memory_peak", [] { return MemoryManager::global().peak_bytes(); });
  module.def("reset_memory_peak", [] { MemoryManager::global().reset_peak(); });
  module.def("set_temp_directory", &io::spill::set_temp_directory, py::arg("path"));
  module.def("temp_directory", &io::spill::temp_directory);
  module.def("set_temp_space_limit", [](const py::object& size) {
        io::spill::set_temp_space_limit(size.is_none() ? -1 : byte_size_from(size));
      }, py::arg("size"));
  module.def("temp_space_limit", [] {
        const int64_t limit = io::spill::temp_space_limit();
        return limit < 0 ? py::object(py::none()) : py::object(py::int_(limit));
      });
  module.def("temp_space_used", &io::spill::temp_space_used, "Returns the bytes lode's spill files hold now.");
  module.def("temp_space_peak", &io::spill::temp_space_peak,
             "Returns the most bytes lode's spill files held at once since reset_temp_space_peak().");
  module.def("reset_temp_space_peak", &io::spill::reset_temp_space_peak,
             "Starts temp_space_peak() again from what spill files hold now.");
  module.def("set_threads", &ThreadPool::set_global_threads, py::arg("num_threads"));
  module.def("threads", [] { return ThreadPool::global().num_threads(); });
  module.def("set_morsel_rows", &io::MemorySource::set_default_morsel_rows, py::arg("rows"));
  module.def("set_hash_collisions", &exec::set_hash_collisions, py::arg("on"));
  module.def("set_force_spill", &exec::set_force_spill, py::arg("on"));
  module.def("force_spill", &exec::force_spill);
  module.def("set_optimizer_enabled", &exec::set_optimizer_enabled, py::arg("enabled"));
  module.def("parse_byte_size", &parse_byte_size, py::arg("text"));
  module.def("format_byte_size", &format_byte_size, py::arg("size_bytes"));
}

void bind_datagen(py::module_& module) {
  module.def("datagen_groupby", [](int64_t rows, int64_t k, int nas, bool sort, uint64_t seed) {
        datagen::GroupbyOptions options{rows, k, nas, sort, seed};
        return datagen::groupby_table(options);
      }, py::arg("rows"), py::arg("k"), py::arg("nas"), py::arg("sort"), py::arg("seed"),
      py::call_guard<py::gil_scoped_release>());
  module.def("datagen_join", &datagen::join_tables, py::arg("rows"), py::arg("nas"), py::arg("seed"),
             py::call_guard<py::gil_scoped_release>());
}

}  // namespace

PYBIND11_MODULE(_lode, module) {
  module.doc() = "lode's C++ engine; use the lode package, not this module";
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const Error& error) {
      raise_python_error(error);
    }
  });
  bind_data_type(module);
  bind_table(module);
  bind_construction(module);
  bind_memory(module);
  bind_datagen(module);
  lode::python::bind_plans(module);
  lode::python::bind_function_catalog(module);
  python::bind_csv(module);
  python::bind_parquet(module);
  python::bind_sql(module);
}
