#pragma once
// lode's exceptions. Every error a user can hit is a lode::Error with a kind
// (what went wrong, so callers branch on it instead of on message text) and a
// context (where: file, line, row group, column, ...) plus a hint on what to
// try. pybind11 translates each kind to one Python class in one place.

#include <cstdint>
#include <exception>
#include <string>

namespace lode {

enum class ErrorKind {
  kInvalidInput,
  kSchema,
  kParse,
  kIO,
  kOutOfMemory,
  kCancelled,
  kNotSupported,
  kSyntax,    // a query's text that does not parse (SQL)
  kInternal,  // a bug in lode, never the user's fault
};

/// Returns the kind's name as Python spells its class ("ParseError", ...).
const char* error_kind_name(ErrorKind kind);

/// Where an error happened. Unset fields are empty or -1.
struct ErrorContext {
  std::string path;
  int64_t line = -1;
  int64_t byte_offset = -1;
  int64_t row_group = -1;
  int64_t row = -1;
  std::string column;
  /// The 1-based character column within `line` of a query's text (SQL);
  /// Python shows it as err.column in place of a column name.
  int64_t text_column = -1;
  std::string expression;
  std::string hint;
  /// The input around the error, shown below the message: a query's line
  /// with a caret under the bad token.
  std::string excerpt;
};

class Error : public std::exception {
 public:
  Error(ErrorKind kind, std::string message, ErrorContext context = {});

  /// Returns the message, then the context, then the hint, then the excerpt.
  const char* what() const noexcept override { return full_message_.c_str(); }
  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  const ErrorContext& context() const { return context_; }

 private:
  ErrorKind kind_;
  std::string message_;
  ErrorContext context_;
  std::string full_message_;
};

#define LODE_DEFINE_ERROR(Name, Kind)                                  \
  class Name : public Error {                                          \
   public:                                                             \
    explicit Name(std::string message, ErrorContext context = {})      \
        : Error(ErrorKind::Kind, std::move(message), std::move(context)) {} \
  };

LODE_DEFINE_ERROR(InvalidInputError, kInvalidInput)
LODE_DEFINE_ERROR(SchemaError, kSchema)
LODE_DEFINE_ERROR(ParseError, kParse)
LODE_DEFINE_ERROR(IOError, kIO)
LODE_DEFINE_ERROR(OutOfMemoryError, kOutOfMemory)
LODE_DEFINE_ERROR(CancelledError, kCancelled)
LODE_DEFINE_ERROR(NotSupportedError, kNotSupported)
LODE_DEFINE_ERROR(SyntaxError, kSyntax)
LODE_DEFINE_ERROR(InternalError, kInternal)

#undef LODE_DEFINE_ERROR

/// Throws an error of `error`'s kind and message with `context` instead
/// (a reader adding the file, row group or column it was working on).
[[noreturn]] void rethrow_with_context(const Error& error, ErrorContext context);

[[noreturn]] void throw_check_failure(const char* condition, const char* file, int line,
                                      const std::string& detail);

/// Returns the candidate closest to `name` by edit distance, or "" when none
/// is close enough to suggest ("did you mean ...?").
std::string closest_match(const std::string& name, const std::string* candidates,
                          size_t num_candidates);

}  // namespace lode

/// Guards an invariant in every build; failure is an InternalError (a bug).
/// Never use it on external input: validate that like user input.
#define LODE_CHECK(condition, detail)                                     \
  do {                                                                    \
    if (!(condition)) [[unlikely]]                                        \
      ::lode::throw_check_failure(#condition, __FILE__, __LINE__, detail); \
  } while (0)

#ifdef NDEBUG
#define LODE_DCHECK(condition, detail) \
  do {                                 \
  } while (0)
#else
#define LODE_DCHECK(condition, detail) LODE_CHECK(condition, detail)
#endif
