#include "lode/plan/type_rules.h"

#include <algorithm>

#include "lode/core/error.h"

namespace lode::plan {

namespace {

int integer_bits(TypeId id) {
  switch (id) {
    case TypeId::kInt8: case TypeId::kUInt8: return 8;
    case TypeId::kInt16: case TypeId::kUInt16: return 16;
    case TypeId::kInt32: case TypeId::kUInt32: return 32;
    default: return 64;
  }
}

TypeId signed_of_bits(int bits) {
  return bits <= 8 ? TypeId::kInt8 : bits <= 16 ? TypeId::kInt16 : bits <= 32 ? TypeId::kInt32 : TypeId::kInt64;
}

TypeId unsigned_of_bits(int bits) {
  return bits <= 8 ? TypeId::kUInt8 : bits <= 16 ? TypeId::kUInt16 : bits <= 32 ? TypeId::kUInt32 : TypeId::kUInt64;
}

}  // namespace

DataType common_type(const DataType& left, const DataType& right, const std::string& context) {
  if (left == right) return left;
  if (left.is_numeric() && right.is_numeric()) {
    if (left.is_floating() || right.is_floating()) {
      if (left.id == TypeId::kFloat32 && right.id == TypeId::kFloat32) return TypeId::kFloat32;
      return TypeId::kFloat64;
    }
    if (left.id == TypeId::kDecimal128 || right.id == TypeId::kDecimal128) {
      const int scale = std::max(left.id == TypeId::kDecimal128 ? left.scale : 0,
                                 right.id == TypeId::kDecimal128 ? right.scale : 0);
      return DataType::decimal128(38, scale);
    }
    const bool left_signed = left.is_signed_integer(), right_signed = right.is_signed_integer();
    const int bits = std::max(integer_bits(left.id), integer_bits(right.id));
    if (left_signed == right_signed) return left_signed ? signed_of_bits(bits) : unsigned_of_bits(bits);
    const int unsigned_bits = left_signed ? integer_bits(right.id) : integer_bits(left.id);
    const int signed_bits = left_signed ? integer_bits(left.id) : integer_bits(right.id);
    if (unsigned_bits == 64) return TypeId::kFloat64;
    return signed_of_bits(std::max(signed_bits, unsigned_bits * 2));
  }
  if (is_temporal(left) && is_temporal(right)) return DataType::timestamp(left.id == TypeId::kTimestamp ? left.timezone : right.timezone);
  if (left.id == TypeId::kTimestamp && right.id == TypeId::kTimestamp) return left;
  throw InvalidInputError(context + " cannot combine " + left.name() + " with " + right.name(),
                          ErrorContext{.hint = "cast one side with .cast(...) so that the types match"});
}

void require_flat(const DataType& type, const std::string& use) {
  if (type.is_nested())
    throw NotSupportedError(use + " is of type " + type.name() + "; lode cannot yet compare, hash or compute on lists "
                            "and structs", ErrorContext{.hint = "select nested columns, filter and sort by flat ones"});
}

void throw_type_error(std::string_view function, const std::vector<DataType>& args) {
  std::string types;
  for (const auto& arg : args) types += (types.empty() ? "" : ", ") + arg.name();
  throw InvalidInputError(std::string(function) + " does not take arguments of type (" + types + ")",
                          ErrorContext{.hint = "cast the arguments to suitable types with .cast(...)"});
}

bool is_temporal(const DataType& type) { return type.id == TypeId::kDate32 || type.id == TypeId::kTimestamp; }

}  // namespace lode::plan
