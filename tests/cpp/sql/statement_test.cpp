#include <gtest/gtest.h>

#include "lode/core/column_builder.h"
#include "lode/core/error.h"
#include "lode/core/table.h"
#include "lode/io/memory_source.h"
#include "lode/sql/binder.h"
#include "lode/sql/parser.h"

namespace lode::sql {
namespace {

using ast::StatementKind;

TEST(StatementParserTest, ScriptsSplitOnSemicolons) {
  const auto statements = parse_statements(
      "CREATE OR REPLACE TEMP TABLE t AS SELECT 1;;\n"
      "INSERT INTO t (a, b) VALUES (1, 2), (3, 4);\n"
      "DROP VIEW IF EXISTS v; SHOW TABLES; SET threads = 4;");
  ASSERT_EQ(statements.size(), 5u);
  EXPECT_EQ(statements[0]->kind, StatementKind::kCreateTable);
  EXPECT_TRUE(statements[0]->or_replace);
  EXPECT_TRUE(statements[0]->temporary);
  EXPECT_EQ(statements[1]->kind, StatementKind::kInsert);
  EXPECT_EQ(statements[1]->column_names, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(statements[1]->position.line, 2);
  EXPECT_EQ(statements[2]->kind, StatementKind::kDrop);
  EXPECT_TRUE(statements[2]->is_view);
  EXPECT_TRUE(statements[2]->if_exists);
  EXPECT_EQ(statements[3]->kind, StatementKind::kShowTables);
  EXPECT_EQ(statements[4]->kind, StatementKind::kSet);
  EXPECT_EQ(statements[4]->name, "threads");
  EXPECT_TRUE(parse_statements(" ; ;").empty());
}

TEST(StatementParserTest, ValuesAreQueriesOfSelectStar) {
  const auto query = parse_query("SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(x, y)");
  const ast::TableRef& from = *query->core->from;
  EXPECT_EQ(from.column_aliases, (std::vector<std::string>{"x", "y"}));
  const ast::Query& rows = *from.subquery->core->from->subquery;
  ASSERT_EQ(rows.values.size(), 2u);
  EXPECT_EQ(rows.values[1][1]->text, "b");
}

TEST(StatementParserTest, ViewsKeepTheirQueryText) {
  const auto statements = parse_statements("CREATE VIEW v AS SELECT a  FROM t WHERE a > 1 ; SELECT 1");
  EXPECT_EQ(statements[0]->query_text, "SELECT a  FROM t WHERE a > 1");
}

TEST(StatementParserTest, CopyOptionsAndColumnTypes) {
  const auto statements = parse_statements(
      "COPY (SELECT 1) TO 'x.parquet' (FORMAT PARQUET, COMPRESSION zstd, HEADER, DELIMITER ',');"
      "CREATE TABLE t (a DECIMAL(15, 2), b DOUBLE PRECISION)");
  const auto& options = statements[0]->options;
  ASSERT_EQ(options.size(), 4u);
  EXPECT_EQ(options[0].name, "FORMAT");
  EXPECT_EQ(options[0].value->text, "PARQUET");
  EXPECT_EQ(options[2].value, nullptr);
  EXPECT_EQ(options[3].value->text, ",");
  EXPECT_EQ(statements[0]->path, "x.parquet");
  EXPECT_EQ(statements[1]->columns[0].type_name, "DECIMAL(15,2)");
  EXPECT_EQ(statements[1]->columns[1].type_name, "DOUBLE");
}

TEST(StatementParserTest, ErrorsPointAtTheirStatement) {
  try {
    parse_statements("SELECT 1;\nSELECT 2 3");
    FAIL() << "expected a syntax error";
  } catch (const SyntaxError& error) {
    EXPECT_EQ(error.context().line, 2);
    EXPECT_EQ(error.context().text_column, 10);
  }
  EXPECT_THROW(parse_statements("UPDATE t SET a = 1"), NotSupportedError);
  EXPECT_THROW(parse_statements("CREATE TABLE t (a INTEGER NOT NULL)"), NotSupportedError);
  EXPECT_THROW(parse_statements("DROP t"), SyntaxError);
}

plan::PlanPtr table_of(const std::vector<std::string>& names) {
  std::vector<std::shared_ptr<Column>> columns;
  for (size_t i = 0; i < names.size(); ++i) {
    ColumnBuilder builder(TypeId::kInt32);
    builder.append<int32_t>(1);
    columns.push_back(builder.finish());
  }
  return plan::scan(std::make_shared<io::MemorySource>(Table::from_columns(names, std::move(columns))));
}

BoundStatement bind_one(const std::string& text, Catalog& catalog) {
  const auto statements = parse_statements(text);
  return bind_statement(*statements.at(0), text, catalog);
}

TEST(StatementBinderTest, InsertCastsToTheTableAndFillsNulls) {
  MapCatalog catalog;
  catalog.add("t", table_of({"a", "b"}));
  const BoundStatement bound = bind_one("INSERT INTO t (b) VALUES (2), (3)", catalog);
  EXPECT_EQ(bound.kind, StatementKind::kInsert);
  EXPECT_EQ(bound.plan->schema.names(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(bound.plan->schema.field(1).type.id, TypeId::kInt32);
  EXPECT_THROW(bind_one("INSERT INTO t VALUES (1)", catalog), InvalidInputError);
  EXPECT_THROW(bind_one("INSERT INTO nope VALUES (1, 2)", catalog), SchemaError);
}

TEST(StatementBinderTest, CreateDropAndValuesTypes) {
  MapCatalog catalog;
  catalog.add("t", table_of({"a"}));
  EXPECT_THROW(bind_one("CREATE TABLE t AS SELECT 1", catalog), InvalidInputError);
  EXPECT_TRUE(bind_one("CREATE TABLE IF NOT EXISTS t AS SELECT 1", catalog).skip);
  EXPECT_TRUE(bind_one("DROP TABLE IF EXISTS u", catalog).skip);
  EXPECT_THROW(bind_one("DROP TABLE u", catalog), SchemaError);
  const BoundStatement created = bind_one("CREATE TABLE u (x VARCHAR, y DECIMAL(10,2))", catalog);
  EXPECT_EQ(created.plan->schema.field(1).type, DataType::decimal128(10, 2));
  const BoundStatement values = bind_one("VALUES (1, NULL), (2.5, 'b')", catalog);
  EXPECT_EQ(values.plan->schema.names(), (std::vector<std::string>{"col0", "col1"}));
  EXPECT_EQ(values.plan->schema.field(0).type.id, TypeId::kFloat64);
  EXPECT_EQ(values.plan->schema.field(1).type.id, TypeId::kString);
}

TEST(StatementBinderTest, LiteralRowsAreOneTable) {
  MapCatalog catalog;
  // Literals of one type per column: a scan of the rows (under the outer SELECT *).
  const BoundStatement literals = bind_one("VALUES (1, 'a'), (2, NULL), (-3, 'c')", catalog);
  ASSERT_EQ(literals.plan->kind, plan::PlanKind::kProject);
  EXPECT_EQ(literals.plan->inputs[0]->kind, plan::PlanKind::kScan);
  // Expressions or mixed types: a union of one-row projections.
  const BoundStatement mixed = bind_one("VALUES (1), (2.5)", catalog);
  EXPECT_EQ(mixed.plan->inputs[0]->kind, plan::PlanKind::kUnion);
}

TEST(StatementBinderTest, CopyAndSetOptions) {
  MapCatalog catalog;
  catalog.add("t", table_of({"a"}));
  const BoundStatement parquet = bind_one("COPY t TO 'out.parquet' (COMPRESSION ZSTD, ROW_GROUP_SIZE 10)", catalog);
  EXPECT_EQ(parquet.copy.format, "parquet");
  EXPECT_EQ(parquet.copy.compression, "zstd");
  EXPECT_EQ(parquet.copy.row_group_size, 10);
  const BoundStatement csv = bind_one("COPY (SELECT a FROM t) TO 'out.txt' (HEADER false, DELIM '|')", catalog);
  EXPECT_EQ(csv.copy.format, "csv");
  EXPECT_FALSE(csv.copy.header);
  EXPECT_EQ(csv.copy.delimiter, "|");
  EXPECT_THROW(bind_one("COPY t TO 'x.csv' (HEADR)", catalog), InvalidInputError);
  EXPECT_EQ(bind_one("SET memory_limit = '4GB'", catalog).value.text, "4GB");
  EXPECT_EQ(bind_one("SET threads TO 3", catalog).value.integer, 3);
  EXPECT_THROW(bind_one("SET threads = 'many'", catalog), InvalidInputError);
}

TEST(StatementBinderTest, SqlTypeNames) {
  EXPECT_EQ(sql_type_name(TypeId::kInt64), "BIGINT");
  EXPECT_EQ(sql_type_name(DataType::decimal128(15, 2)), "DECIMAL(15,2)");
  EXPECT_EQ(sql_type_name(DataType::timestamp("UTC")), "TIMESTAMP WITH TIME ZONE");
  EXPECT_EQ(sql_type_name(DataType::list(TypeId::kString)), "VARCHAR[]");
}

}  // namespace
}  // namespace lode::sql
