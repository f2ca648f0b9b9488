#include "lode/core/error.h"

#include <algorithm>
#include <vector>

namespace lode {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidInput: return "InvalidInputError";
    case ErrorKind::kSchema: return "SchemaError";
    case ErrorKind::kParse: return "ParseError";
    case ErrorKind::kIO: return "IOError";
    case ErrorKind::kOutOfMemory: return "OutOfMemoryError";
    case ErrorKind::kCancelled: return "CancelledError";
    case ErrorKind::kNotSupported: return "NotSupportedError";
    case ErrorKind::kSyntax: return "SQLSyntaxError";
    case ErrorKind::kInternal: return "InternalError";
  }
  return "Error";
}

namespace {

std::string describe_context(const ErrorContext& context) {
  std::vector<std::string> parts;
  if (!context.path.empty()) parts.push_back("file '" + context.path + "'");
  if (context.line >= 0) parts.push_back("line " + std::to_string(context.line));
  if (context.text_column >= 0) parts.push_back("column " + std::to_string(context.text_column));
  if (context.byte_offset >= 0) parts.push_back("byte offset " + std::to_string(context.byte_offset));
  if (context.row_group >= 0) parts.push_back("row group " + std::to_string(context.row_group));
  if (context.row >= 0) parts.push_back("row " + std::to_string(context.row));
  if (!context.column.empty()) parts.push_back("column '" + context.column + "'");
  if (!context.expression.empty()) parts.push_back("expression " + context.expression);
  std::string joined;
  for (const auto& part : parts) {
    joined += joined.empty() ? "" : ", ";
    joined += part;
  }
  return joined;
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

}  // namespace

Error::Error(ErrorKind kind, std::string message, ErrorContext context)
    : kind_(kind), message_(std::move(message)), context_(std::move(context)) {
  full_message_ = message_;
  std::string where = describe_context(context_);
  if (!where.empty()) full_message_ += " (" + where + ")";
  if (!context_.hint.empty()) full_message_ += ". Hint: " + context_.hint;
  if (!context_.excerpt.empty()) full_message_ += "\n" + context_.excerpt;
}

void rethrow_with_context(const Error& error, ErrorContext context) {
  switch (error.kind()) {
    case ErrorKind::kInvalidInput: throw InvalidInputError(error.message(), std::move(context));
    case ErrorKind::kSchema: throw SchemaError(error.message(), std::move(context));
    case ErrorKind::kParse: throw ParseError(error.message(), std::move(context));
    case ErrorKind::kIO: throw IOError(error.message(), std::move(context));
    case ErrorKind::kOutOfMemory: throw OutOfMemoryError(error.message(), std::move(context));
    case ErrorKind::kCancelled: throw CancelledError(error.message(), std::move(context));
    case ErrorKind::kNotSupported: throw NotSupportedError(error.message(), std::move(context));
    case ErrorKind::kSyntax: throw SyntaxError(error.message(), std::move(context));
    case ErrorKind::kInternal: break;
  }
  throw InternalError(error.message(), std::move(context));
}

void throw_check_failure(const char* condition, const char* file, int line,
                         const std::string& detail) {
  throw InternalError("internal check failed: " + std::string(condition) + " at " + file + ":" +
                      std::to_string(line) + (detail.empty() ? "" : ": " + detail) +
                      "; this is a bug in lode, please report it");
}

std::string closest_match(const std::string& name, const std::string* candidates,
                          size_t num_candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (size_t i = 0; i < num_candidates; ++i) {
    size_t distance = edit_distance(name, candidates[i]);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidates[i];
    }
  }
  return best;
}

}  // namespace lode
