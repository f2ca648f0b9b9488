#include "conversions.h"

#include <cstring>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"

namespace lode::python {

namespace {

py::dtype numpy_dtype_of(const DataType& type) {
  switch (type.id) {
    case TypeId::kBool: return py::dtype::of<bool>();
    case TypeId::kInt8: return py::dtype::of<int8_t>();
    case TypeId::kInt16: return py::dtype::of<int16_t>();
    case TypeId::kInt32: case TypeId::kDate32: return py::dtype::of<int32_t>();
    case TypeId::kInt64: case TypeId::kTimestamp: return py::dtype::of<int64_t>();
    case TypeId::kUInt8: return py::dtype::of<uint8_t>();
    case TypeId::kUInt16: return py::dtype::of<uint16_t>();
    case TypeId::kUInt32: return py::dtype::of<uint32_t>();
    case TypeId::kUInt64: case TypeId::kDecimal128: return py::dtype::of<uint64_t>();
    case TypeId::kFloat32: return py::dtype::of<float>();
    case TypeId::kFloat64: return py::dtype::of<double>();
    case TypeId::kString: case TypeId::kList: case TypeId::kStruct: break;
  }
  throw InternalError("no numpy dtype for " + type.name());
}

std::shared_ptr<Buffer> validity_from_mask(const py::object& null_mask, int64_t length) {
  if (null_mask.is_none()) return nullptr;
  auto mask = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(null_mask);
  if (!mask || mask.ndim() != 1 || mask.shape(0) != length)
    throw InvalidInputError("the null mask must be a 1-d bool array as long as the values");
  auto validity = Buffer::allocate(bitmap::num_bytes(length), true);
  const bool* is_null = mask.data();
  for (int64_t row = 0; row < length; ++row)
    if (!is_null[row]) bitmap::set(validity->data(), row);
  return validity;
}

std::shared_ptr<Column> string_column(const py::object& values, const py::object& null_mask) {
  py::sequence sequence = py::reinterpret_borrow<py::sequence>(values);
  const int64_t length = static_cast<int64_t>(py::len(sequence));
  std::shared_ptr<Buffer> validity = validity_from_mask(null_mask, length);
  ColumnBuilder builder(TypeId::kString);
  builder.reserve(length);
  for (int64_t row = 0; row < length; ++row) {
    PyObject* item = PySequence_Fast_GET_ITEM(values.ptr(), row);
    if ((validity && !bitmap::get(validity->data(), row)) || item == Py_None) {
      builder.append_null();
      continue;
    }
    Py_ssize_t size = 0;
    const char* text = PyUnicode_Check(item) ? PyUnicode_AsUTF8AndSize(item, &size) : nullptr;
    if (text == nullptr) {
      PyErr_Clear();
      throw InvalidInputError("a string column holds a value that is not a str: " +
                                  std::string(py::str(py::handle(item).get_type().attr("__name__"))),
                              ErrorContext{.row = row,
                                           .hint = "convert the values to str first, or use a "
                                                   "numeric type"});
    }
    builder.append_string(std::string_view(text, static_cast<size_t>(size)));
  }
  return builder.finish();
}

std::shared_ptr<Column> bool_column(const py::array& array, const py::object& null_mask) {
  auto values = py::array_t<bool, py::array::c_style | py::array::forcecast>::ensure(array);
  const int64_t length = values.shape(0);
  auto bits = Buffer::allocate(bitmap::num_bytes(length), true);
  const bool* data = values.data();
  for (int64_t row = 0; row < length; ++row)
    if (data[row]) bitmap::set(bits->data(), row);
  return std::make_shared<Column>(TypeId::kBool, length, bits, validity_from_mask(null_mask, length));
}

}  // namespace

std::shared_ptr<Column> column_from_python(const py::object& values, const py::object& null_mask,
                                           const DataType& type) {
  if (type.id == TypeId::kList) {
    // (offsets, (element values, element mask)), offsets from 0.
    py::tuple parts = py::reinterpret_borrow<py::tuple>(values);
    auto offsets = py::array_t<int64_t, py::array::c_style | py::array::forcecast>::ensure(parts[0]);
    const int64_t length = offsets.shape(0) - 1;
    py::tuple element = py::reinterpret_borrow<py::tuple>(parts[1]);
    auto elements = column_from_python(element[0], element[1], type.element());
    const int64_t* data = offsets.data();
    for (int64_t row = 0; row < length; ++row)
      if (data[row] > data[row + 1] || data[row] < 0 || data[row + 1] > elements->length())
        throw InvalidInputError("list offsets must rise within the elements");
    auto buffer = Buffer::allocate((length + 1) * 8);
    std::memcpy(buffer->data(), data, static_cast<size_t>((length + 1) * 8));
    return Column::make_list(type, length, buffer, elements, validity_from_mask(null_mask, length));
  }
  if (type.id == TypeId::kStruct) {
    // One (values, mask) per field.
    py::list parts = py::reinterpret_borrow<py::list>(values);
    if (py::len(parts) != type.children.size()) throw InvalidInputError("a struct needs one value list per field");
    std::vector<std::shared_ptr<Column>> fields;
    for (size_t field = 0; field < type.children.size(); ++field) {
      py::tuple part = py::reinterpret_borrow<py::tuple>(parts[field]);
      fields.push_back(column_from_python(part[0], part[1], type.children[field]));
    }
    const int64_t length = fields.empty() ? 0 : fields[0]->length();
    for (const auto& field : fields)
      if (field->length() != length) throw InvalidInputError("struct fields differ in length");
    return Column::make_struct(type, length, std::move(fields), validity_from_mask(null_mask, length));
  }
  if (type.id == TypeId::kString) {
    py::object sequence = py::reinterpret_steal<py::object>(
        PySequence_Fast(values.ptr(), "string values must be a sequence"));
    if (!sequence) throw py::error_already_set();
    return string_column(sequence, null_mask);
  }
  py::array array = py::array::ensure(values);
  if (!array) throw InvalidInputError("values must be convertible to a numpy array");
  if (type.id == TypeId::kBool) return bool_column(array, null_mask);

  py::dtype dtype = numpy_dtype_of(type);
  if (!array.dtype().is(dtype) && !array.dtype().equal(dtype))
    throw InternalError("column_from_python got numpy dtype " + std::string(py::str(array.dtype())) +
                        " for " + type.name());
  const int64_t length = array.shape(0);
  if (type.id == TypeId::kDecimal128 ? (array.ndim() != 2 || array.shape(1) != 2) : array.ndim() != 1)
    throw InvalidInputError("values for " + type.name() + " have the wrong shape");
  py::array contiguous = py::array::ensure(array, py::array::c_style);
  const int64_t size_bytes = length * type.byte_width();
  auto buffer = Buffer::allocate(size_bytes);
  std::memcpy(buffer->data(), contiguous.data(), static_cast<size_t>(size_bytes));
  std::shared_ptr<Buffer> validity = validity_from_mask(null_mask, length);
  if (validity) {
    // Null slots hold zero, as the builders leave them (NaT arrives as INT64_MIN).
    const int width = type.byte_width();
    for (int64_t row = 0; row < length; ++row)
      if (!bitmap::get(validity->data(), row)) std::memset(buffer->data() + row * width, 0, width);
  }
  return std::make_shared<Column>(type, length, buffer, validity);
}

py::tuple column_to_python(const std::shared_ptr<Column>& column) {
  const int64_t length = column->length();
  py::object null_mask = py::none();
  if (column->null_count() > 0) {
    py::array_t<bool> mask(length);
    bool* is_null = mask.mutable_data();
    for (int64_t row = 0; row < length; ++row) is_null[row] = column->is_null(row);
    null_mask = mask;
  }

  const DataType& type = column->type();
  if (type.id == TypeId::kList) {
    // (offsets, the elements' (values, mask)): offsets index the elements.
    const int64_t* offsets = column->list_offsets();
    const int64_t first = offsets[0], count = offsets[length] - first;
    py::array_t<int64_t> relative(length + 1);
    int64_t* out = relative.mutable_data();
    for (int64_t row = 0; row <= length; ++row) out[row] = offsets[row] - first;
    return py::make_tuple(py::make_tuple(relative, column_to_python(column->list_elements()->slice(first, count))),
                          null_mask);
  }
  if (type.id == TypeId::kStruct) {
    py::list fields;
    for (size_t field = 0; field < column->num_fields(); ++field) fields.append(column_to_python(column->field(field)));
    return py::make_tuple(fields, null_mask);
  }
  if (type.id == TypeId::kString) {
    py::list values(length);
    for (int64_t row = 0; row < length; ++row) {
      if (column->is_null(row)) {
        values[row] = py::none();
      } else {
        std::string_view text = column->string_at(row);
        PyObject* item = PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
        if (item == nullptr) throw py::error_already_set();
        PyList_SET_ITEM(values.ptr(), row, item);
      }
    }
    return py::make_tuple(values, null_mask);
  }
  if (type.id == TypeId::kBool) {
    py::array_t<bool> values(length);
    bool* data = values.mutable_data();
    for (int64_t row = 0; row < length; ++row) data[row] = column->bool_at(row);
    return py::make_tuple(values, null_mask);
  }

  // Zero copy: the capsule owns a reference to the column, so the buffers
  // live as long as numpy's view does.
  auto* owner = new std::shared_ptr<Column>(column);
  py::capsule base(owner, [](void* pointer) { delete static_cast<std::shared_ptr<Column>*>(pointer); });
  std::vector<py::ssize_t> shape = {length};
  if (type.id == TypeId::kDecimal128) shape.push_back(2);
  py::array values(numpy_dtype_of(type), shape, column->value_bytes(), base);
  // Columns are immutable; numpy must not write through the view.
  py::detail::array_proxy(values.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return py::make_tuple(values, null_mask);
}

}  // namespace lode::python
