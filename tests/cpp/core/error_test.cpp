#include "lode/core/error.h"

#include <gtest/gtest.h>

namespace lode {
namespace {

TEST(ErrorTest, MessageNamesTheContextAndHint) {
  ParseError error("cannot read 'abc' as int64",
                   ErrorContext{.path = "data.csv", .line = 7, .column = "price", .hint = "set a schema"});
  EXPECT_EQ(error.kind(), ErrorKind::kParse);
  EXPECT_STREQ(error.what(),
               "cannot read 'abc' as int64 (file 'data.csv', line 7, column 'price'). Hint: set a schema");
  EXPECT_EQ(error.context().line, 7);
  EXPECT_STREQ(error_kind_name(error.kind()), "ParseError");
}

TEST(ErrorTest, CheckFailureIsAnInternalError) {
  EXPECT_THROW(LODE_CHECK(1 + 1 == 3, "arithmetic"), InternalError);
}

TEST(ErrorTest, RethrowKeepsKindAndMessageWithTheNewPlace) {
  const Error errors[] = {ParseError("bad level"), NotSupportedError("no LZO"), CancelledError("stopped"),
                          OutOfMemoryError("full"), SchemaError("no column")};
  for (const Error& error : errors) {
    try {
      rethrow_with_context(error, ErrorContext{.path = "x.parquet", .row_group = 3});
      FAIL() << "did not throw";
    } catch (const Error& again) {
      EXPECT_EQ(again.kind(), error.kind());
      EXPECT_EQ(again.message(), error.message());
      EXPECT_EQ(again.context().path, "x.parquet");
      EXPECT_EQ(again.context().row_group, 3);
    }
  }
  EXPECT_THROW(rethrow_with_context(ParseError("x"), {}), ParseError);
}

TEST(ErrorTest, ClosestMatchSuggestsOnlyCloseNames) {
  const std::string names[] = {"price", "quantity", "region"};
  EXPECT_EQ(closest_match("prise", names, 3), "price");
  EXPECT_EQ(closest_match("regoin", names, 3), "region");
  EXPECT_EQ(closest_match("zzzzzz", names, 3), "");
}

}  // namespace
}  // namespace lode
