#include "lode/io/scan_filter.h"

namespace lode::io {

std::string describe_predicate(const ColumnPredicate& predicate, const std::string& column_name) {
  static const char* const kOperators[] = {"=", "!=", "<", "<=", ">", ">="};
  switch (predicate.op) {
    case PredicateOp::kIsNull: return column_name + " IS NULL";
    case PredicateOp::kIsNotNull: return column_name + " IS NOT NULL";
    case PredicateOp::kIn: {
      std::string text = column_name + " IN (";
      for (size_t i = 0; i < predicate.values.size(); ++i)
        text += (i ? ", " : "") + predicate.values[i].to_string();
      return text + ")";
    }
    default:
      return column_name + " " + kOperators[static_cast<int>(predicate.op)] + " " +
             (predicate.values.empty() ? "?" : predicate.values[0].to_string());
  }
}

}  // namespace lode::io
