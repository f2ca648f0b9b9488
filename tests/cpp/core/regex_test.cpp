#include <gtest/gtest.h>

#include "lode/core/error.h"
#include "lode/core/regex.h"

namespace lode {
namespace {

std::string replace(std::string_view pattern, std::string_view text, std::string_view value, bool all) {
  Regex regex(pattern);
  std::string out;
  regex.replace(text, regex.parse_replacement(value), all, out);
  return out;
}

TEST(RegexTest, SearchesWithRustSyntax) {
  EXPECT_TRUE(Regex("^w.*d$").search("world"));
  EXPECT_FALSE(Regex("^w.*d$").search("a world"));
  EXPECT_TRUE(Regex("(?i)HELLO").search("say hello"));
  EXPECT_TRUE(Regex(R"(\d{4}-\d{2})").search("on 2024-02-29"));
  EXPECT_TRUE(Regex("(?<year>[0-9]{4})").search("1999"));  // Rust's spelling of a named group
  EXPECT_TRUE(Regex("[(?<]x").search("(x"));               // inside a class, "(?<" is literal text
  EXPECT_TRUE(Regex("ö+").search("wörld"));
}

TEST(RegexTest, InvalidPatternRaisesNamingIt) {
  try {
    Regex regex("a(b");
    FAIL() << "no error";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.message()).find("'a(b'"), std::string::npos) << error.message();
    EXPECT_NE(error.context().hint.find("literal=True"), std::string::npos);
  }
  EXPECT_THROW(Regex("(?<=a)b"), InvalidInputError);  // no look-behind in RE2, nor in Rust
}

TEST(RegexTest, ReplacesFirstOrEveryMatch) {
  EXPECT_EQ(replace("l+", "hello world", "L", false), "heLo world");
  EXPECT_EQ(replace("l+", "hello world", "L", true), "heLo worLd");
  EXPECT_EQ(replace("x", "hello", "L", true), "hello");
  EXPECT_EQ(replace("^h", "hah", "H", true), "Hah");  // ^ matches only at the start of the text
}

TEST(RegexTest, ReplacementGroupsFollowRust) {
  EXPECT_EQ(replace(R"((\w+)@(\w+))", "me@host", "$2 at $1", true), "host at me");
  EXPECT_EQ(replace(R"((?P<user>\w+)@(?<host>\w+))", "me@host", "${host}/${user}", true), "host/me");
  EXPECT_EQ(replace("(a)", "a", "$$1", true), "$1");     // $$ is a dollar sign
  EXPECT_EQ(replace("(a)", "a", "${1}b", true), "ab");
  EXPECT_EQ(replace("(a)", "a", "$1b", true), "");       // the group "1b" does not exist
  EXPECT_EQ(replace("(a)", "a", "[$9]", true), "[]");    // nor does group 9
  EXPECT_EQ(replace("(a)|(b)", "b", "<$1>", true), "<>");  // group 1 did not take part
  EXPECT_EQ(replace("a", "a", "cost: $", true), "cost: $");
  EXPECT_EQ(replace("a", "a", "${", true), "${");
  EXPECT_EQ(replace("a", "a", R"(\1)", true), R"(\1)");  // backslashes are literal, unlike RE2's rewrite
  EXPECT_EQ(replace("(a)", "aaa", "$0$0", false), "aaaa");
}

TEST(RegexTest, EmptyMatchesAsRust) {
  EXPECT_EQ(replace("a*", "baaac", "-", true), "-b-c-");
  EXPECT_EQ(replace("", "ab", "-", true), "-a-b-");
  EXPECT_EQ(replace("", "ö", "-", true), "-ö-");  // steps over a character, not a byte
  EXPECT_EQ(replace("x*", "", "-", true), "-");
}

TEST(RegexTest, ManyGroups) {
  std::string pattern, replacement;
  for (int i = 0; i < 20; ++i) {
    pattern += "(.)";
    replacement = "$" + std::to_string(i + 1) + replacement;
  }
  EXPECT_EQ(replace(pattern, "abcdefghijklmnopqrst", replacement, true), "tsrqponmlkjihgfedcba");
}

}  // namespace
}  // namespace lode
