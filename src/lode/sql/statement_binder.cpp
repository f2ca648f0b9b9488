// Binds the statements of a script (statement.h) and VALUES lists: each
// statement's queries through the Binder, its names against the catalogue's
// stored tables and views, its options (COPY) and settings (SET) checked
// and defaulted. Nothing changes here: the front end runs the result.

#include <algorithm>

#include "lode/core/column_builder.h"
#include "lode/core/table.h"
#include "lode/io/memory_source.h"
#include "lode/plan/type_rules.h"
#include "lode/sql/binder.h"
#include "lode/sql/binder_internal.h"
#include "lode/sql/sql_functions.h"

namespace lode::sql {

namespace {

using ast::StatementKind;

bool is_null_literal(const plan::Expr& expr) { return expr.kind == plan::ExprKind::kLiteral && expr.literal.is_null; }

// Appends a literal of the builder's type; returns false for a type it
// does not build (nested types).
bool append_literal(ColumnBuilder& builder, const Scalar& value) {
  if (value.is_null) {
    builder.append_null();
    return true;
  }
  switch (builder.type().id) {
    case TypeId::kBool: builder.append_bool(value.boolean); return true;
    case TypeId::kInt8: builder.append(static_cast<int8_t>(value.integer)); return true;
    case TypeId::kInt16: builder.append(static_cast<int16_t>(value.integer)); return true;
    case TypeId::kInt32:
    case TypeId::kDate32: builder.append(static_cast<int32_t>(value.integer)); return true;
    case TypeId::kInt64:
    case TypeId::kTimestamp: builder.append(value.integer); return true;
    case TypeId::kUInt8: builder.append(static_cast<uint8_t>(value.unsigned_integer)); return true;
    case TypeId::kUInt16: builder.append(static_cast<uint16_t>(value.unsigned_integer)); return true;
    case TypeId::kUInt32: builder.append(static_cast<uint32_t>(value.unsigned_integer)); return true;
    case TypeId::kUInt64: builder.append(value.unsigned_integer); return true;
    case TypeId::kFloat32: builder.append(static_cast<float>(value.real)); return true;
    case TypeId::kFloat64: builder.append(value.real); return true;
    case TypeId::kDecimal128: builder.append(value.decimal); return true;
    case TypeId::kString: builder.append_string(value.text); return true;
    case TypeId::kList:
    case TypeId::kStruct: return false;
  }
  return false;
}

// Returns VALUES rows as a scan of one in-memory table when every cell is a
// literal (or NULL) of its column's type; null otherwise.
plan::PlanPtr literal_table(const std::vector<std::vector<plan::ExprPtr>>& cells, const std::vector<DataType>& types,
                            const std::vector<bool>& typed) {
  for (const auto& row : cells)
    for (size_t i = 0; i < row.size(); ++i)
      if (row[i]->kind != plan::ExprKind::kLiteral || (!row[i]->literal.is_null && !(row[i]->literal.type == types[i])))
        return nullptr;
  std::vector<std::string> names;
  std::vector<std::shared_ptr<Column>> columns;
  for (size_t i = 0; i < types.size(); ++i) {
    // An all-NULL column takes the type a bare NULL gets elsewhere.
    ColumnBuilder builder(typed[i] ? types[i] : cells[0][i]->literal.type);
    builder.reserve(static_cast<int64_t>(cells.size()));
    for (const auto& row : cells)
      if (!append_literal(builder, row[i]->literal)) return nullptr;
    names.push_back("col" + std::to_string(i));
    columns.push_back(builder.finish());
  }
  return plan::scan(std::make_shared<io::MemorySource>(Table::from_columns(names, std::move(columns))));
}

const char* kind_name(StoredKind kind) { return kind == StoredKind::kView ? "view" : "table"; }

class StatementBinder {
 public:
  StatementBinder(const ast::Statement& statement, std::string_view text, Catalog& catalog)
      : statement_(statement), binder_(text, catalog), catalog_(catalog) {}

  BoundStatement bind() {
    BoundStatement bound;
    bound.kind = statement_.kind;
    bound.name = statement_.name;
    bound.or_replace = statement_.or_replace;
    bound.temporary = statement_.temporary;
    switch (statement_.kind) {
      case StatementKind::kQuery:
      case StatementKind::kExplain:
        bound.plan = query_plan();
        bound.analyze = statement_.analyze;
        break;
      case StatementKind::kCreateTable:
      case StatementKind::kCreateView: create(bound); break;
      case StatementKind::kInsert: bound.plan = insert(); break;
      case StatementKind::kDrop: drop(bound); break;
      case StatementKind::kCopy: copy(bound); break;
      case StatementKind::kDescribe: bound.plan = describe(); break;
      case StatementKind::kShowTables: break;
      case StatementKind::kSet: set(bound); break;
    }
    return bound;
  }

 private:
  plan::PlanPtr query_plan() { return binder_.bind(*statement_.query).plan; }

  // The query's plan, or the named table's (COPY t, DESCRIBE t).
  plan::PlanPtr source_plan() {
    if (statement_.query) return query_plan();
    ast::TableRef table;
    table.kind = ast::TableRefKind::kTable;
    table.name = statement_.name;
    table.position = statement_.name_position;
    return binder_.bind_table(table).plan;
  }

  void create(BoundStatement& bound) {
    const bool view = statement_.kind == StatementKind::kCreateView;
    const StoredKind existing = catalog_.stored_kind(statement_.name);
    if (existing != StoredKind::kNone) {
      if (statement_.if_not_exists) {
        bound.skip = true;
        return;
      }
      if ((existing == StoredKind::kView) != view)
        binder_.fail_invalid(statement_.name_position,
                             statement_.name + " is a " + kind_name(existing) + ", not a " + (view ? "view" : "table"),
                             std::string("drop it first (DROP ") + (existing == StoredKind::kView ? "VIEW " : "TABLE ") +
                                 statement_.name + ")");
      if (!statement_.or_replace)
        binder_.fail_invalid(statement_.name_position,
                             std::string(view ? "view " : "table ") + statement_.name + " already exists",
                             "use CREATE OR REPLACE, or IF NOT EXISTS");
    }
    if (view) {
      bound.plan = query_plan();
      bound.view_text = statement_.query_text;
    } else if (statement_.query) {
      bound.plan = query_plan();
    } else {
      bound.plan = empty_table();
    }
  }

  // CREATE TABLE t (a INTEGER, b VARCHAR): no rows, those columns.
  plan::PlanPtr empty_table() {
    std::vector<plan::ExprPtr> columns;
    std::vector<std::string> names;
    for (const auto& column : statement_.columns) {
      for (const auto& name : names)
        if (equals_ignoring_case(name, column.name))
          binder_.fail_invalid(column.position, "column " + column.name + " is defined twice");
      names.push_back(column.name);
      const DataType type = binder_.at(column.position, [&] { return sql_type(column.type_name); });
      columns.push_back(plan::alias(plan::literal(Scalar::null(type)), column.name));
    }
    return plan::limit(plan::project(one_row().plan, columns), 0, 0);
  }

  // The stored table `name` (exact name first, then ignoring case), or an error.
  plan::PlanPtr stored_table() {
    const StoredKind kind = catalog_.stored_kind(statement_.name);
    if (kind == StoredKind::kNone) {
      std::vector<std::string> names;
      for (const auto& name : catalog_.table_names())
        if (catalog_.stored_kind(name) == StoredKind::kTable) names.push_back(name);
      const std::string suggestion = closest_match(statement_.name, names.data(), names.size());
      binder_.fail_schema(statement_.name_position,
                          "unknown table " + statement_.name + (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"),
                          "create it first: CREATE TABLE " + statement_.name + " (...)");
    }
    if (kind == StoredKind::kView)
      binder_.fail_invalid(statement_.name_position, "cannot insert into view " + statement_.name, "insert into a table");
    plan::PlanPtr plan = catalog_.find_table(statement_.name);
    for (const auto& name : catalog_.table_names())
      if (!plan && equals_ignoring_case(name, statement_.name)) plan = catalog_.find_table(name);
    LODE_CHECK(plan != nullptr, "stored table " + statement_.name + " has no plan");
    return plan;
  }

  plan::PlanPtr insert() {
    const plan::PlanPtr table = stored_table();
    const Schema& target = table->schema;
    const plan::PlanPtr source = query_plan();
    const Schema& given = source->schema;
    // Target column -> the source column that fills it (-1: NULL).
    std::vector<int> filled_by(target.num_fields(), -1);
    if (statement_.column_names.empty()) {
      if (given.num_fields() != target.num_fields())
        binder_.fail_invalid(statement_.query->position,
                             "table " + statement_.name + " has " + std::to_string(target.num_fields()) +
                                 " columns but " + std::to_string(given.num_fields()) + " values were supplied",
                             "name the columns to fill: INSERT INTO " + statement_.name + " (a, b) ...");
      for (int i = 0; i < target.num_fields(); ++i) filled_by[i] = i;
    } else {
      const auto& names = statement_.column_names;
      for (size_t j = 0; j < names.size(); ++j) {
        int index = -1;
        for (int i = 0; i < target.num_fields() && index < 0; ++i)
          if (equals_ignoring_case(target.field(i).name, names[j])) index = i;
        if (index < 0) {
          const std::vector<std::string> columns = target.names();
          const std::string suggestion = closest_match(names[j], columns.data(), columns.size());
          binder_.fail_schema(statement_.column_positions[j],
                              "table " + statement_.name + " has no column " + names[j] +
                                  (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"));
        }
        if (filled_by[index] >= 0)
          binder_.fail_invalid(statement_.column_positions[j], "column " + names[j] + " is named twice");
        filled_by[index] = static_cast<int>(j);
      }
      if (given.num_fields() != static_cast<int>(names.size()))
        binder_.fail_invalid(statement_.query->position,
                             std::to_string(names.size()) + " columns of " + statement_.name + " are named but " +
                                 std::to_string(given.num_fields()) + " values were supplied");
    }
    std::vector<plan::ExprPtr> outputs;
    for (int i = 0; i < target.num_fields(); ++i) {
      const Field& field = target.field(i);
      plan::ExprPtr value = filled_by[i] < 0 ? plan::literal(Scalar::null(field.type))
                                             : plan::column(given.field(filled_by[i]).name);
      if (filled_by[i] >= 0 && !(given.field(filled_by[i]).type == field.type)) value = plan::cast(value, field.type);
      outputs.push_back(plan::alias(value, field.name));
    }
    return binder_.at(statement_.query->position,
                      [&] { return plan::union_all({table, plan::project(source, outputs)}); });
  }

  void drop(BoundStatement& bound) {
    const StoredKind kind = catalog_.stored_kind(statement_.name);
    const char* wanted = statement_.is_view ? "view" : "table";
    if (kind == StoredKind::kNone) {
      if (statement_.if_exists) {
        bound.skip = true;
        return;
      }
      binder_.fail_schema(statement_.name_position, std::string("unknown ") + wanted + " " + statement_.name,
                          "DROP " + std::string(statement_.is_view ? "VIEW" : "TABLE") + " IF EXISTS " +
                              statement_.name + " does nothing when there is none");
    }
    if ((kind == StoredKind::kView) != statement_.is_view)
      binder_.fail_invalid(statement_.name_position,
                           statement_.name + " is a " + kind_name(kind) + ", not a " + wanted,
                           std::string("use DROP ") + (kind == StoredKind::kView ? "VIEW" : "TABLE"));
  }

  // An option's constant value.
  Scalar option_value(const ast::CopyOption& option) {
    const plan::ExprPtr value = binder_.translate(*option.value, one_row_);
    if (value->kind != plan::ExprKind::kLiteral)
      binder_.fail_invalid(option.value->position, "the value of " + option.name + " must be a constant");
    return value->literal;
  }
  std::string option_text(const ast::CopyOption& option) {
    if (!option.value) binder_.fail_invalid(option.position, option.name + " needs a value");
    const Scalar value = option_value(option);
    if (value.is_null || value.type.id != TypeId::kString)
      binder_.fail_invalid(option.value->position, option.name + " takes a 'string'");
    return value.text;
  }
  bool option_bool(const ast::CopyOption& option) {
    if (!option.value) return true;
    const Scalar value = option_value(option);
    if (!value.is_null && value.type.id == TypeId::kBool) return value.boolean;
    if (!value.is_null && value.type.is_integer() && (value.integer == 0 || value.integer == 1)) return value.integer == 1;
    if (!value.is_null && value.type.id == TypeId::kString) {
      const std::string text = ascii_lower(value.text);
      if (text == "true" || text == "on" || text == "1") return true;
      if (text == "false" || text == "off" || text == "0") return false;
    }
    binder_.fail_invalid(option.value->position, option.name + " takes true or false");
  }

  void copy(BoundStatement& bound) {
    bound.plan = source_plan();
    CopyTarget& target = bound.copy;
    target.path = statement_.path;
    const std::string path = ascii_lower(statement_.path);
    const bool parquet_path = path.size() > 8 && path.substr(path.size() - 8) == ".parquet";
    target.format = parquet_path ? "parquet" : "csv";
    static const std::string kOptions[] = {"FORMAT", "COMPRESSION", "CODEC", "ROW_GROUP_SIZE", "HEADER", "DELIMITER",
                                           "DELIM", "SEP", "QUOTE", "NULL", "NULLSTR", "DATEFORMAT",
                                           "TIMESTAMPFORMAT"};
    for (const auto& option : statement_.options) {
      const std::string& name = option.name;
      if (std::find(std::begin(kOptions), std::end(kOptions), name) == std::end(kOptions)) {
        const std::string suggestion = closest_match(name, kOptions, std::size(kOptions));
        binder_.fail_invalid(option.position,
                             "unknown COPY option " + name + (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"),
                             "the options are FORMAT, COMPRESSION, ROW_GROUP_SIZE (Parquet) and HEADER, DELIMITER, "
                             "QUOTE, NULL, DATEFORMAT, TIMESTAMPFORMAT (CSV)");
      }
      if (name == "FORMAT") {
        target.format = ascii_lower(option_text(option));
        if (target.format != "parquet" && target.format != "csv")
          binder_.fail_not_supported(option.value->position, "COPY ... TO in FORMAT " + option_text(option) +
                                                                  " (lode writes PARQUET and CSV)");
      } else if (name == "COMPRESSION" || name == "CODEC") {
        target.compression = ascii_lower(option_text(option));
        if (target.compression == "lz4_raw") target.compression = "lz4";
        if (target.compression == "none") target.compression = "uncompressed";
        static const std::string kCodecs[] = {"snappy", "zstd", "gzip", "lz4", "brotli", "uncompressed"};
        if (std::find(std::begin(kCodecs), std::end(kCodecs), target.compression) == std::end(kCodecs))
          binder_.fail_invalid(option.value->position, "unknown compression " + target.compression,
                               "use snappy, zstd, gzip, lz4, brotli or uncompressed");
      } else if (name == "ROW_GROUP_SIZE") {
        const Scalar value = option.value ? option_value(option) : Scalar::null(TypeId::kInt64);
        if (value.is_null || !value.type.is_integer() || value.integer < 1)
          binder_.fail_invalid(option.position, "ROW_GROUP_SIZE takes a positive integer");
        target.row_group_size = value.integer;
      } else if (name == "HEADER") {
        target.header = option_bool(option);
      } else if (name == "DELIMITER" || name == "DELIM" || name == "SEP") {
        target.delimiter = option_text(option);
      } else if (name == "QUOTE") {
        target.quote = option_text(option);
      } else if (name == "NULL" || name == "NULLSTR") {
        target.null_value = option_text(option);
      } else if (name == "DATEFORMAT") {
        target.date_format = option_text(option);
      } else {
        target.timestamp_format = option_text(option);
      }
    }
    // Each option but FORMAT belongs to one of the two formats.
    for (const auto& option : statement_.options) {
      if (option.name == "FORMAT") continue;
      const bool parquet_option = option.name == "COMPRESSION" || option.name == "CODEC" || option.name == "ROW_GROUP_SIZE";
      if (target.format == "parquet" && !parquet_option)
        binder_.fail_invalid(option.position, option.name + " is a CSV option; the file is written as Parquet");
      if (target.format == "csv" && parquet_option)
        binder_.fail_not_supported(option.position, option.name + " of a CSV file");
    }
  }

  // DuckDB's DESCRIBE: one row per column (column_name, column_type, null,
  // key, default, extra); lode's columns all take nulls.
  plan::PlanPtr describe() {
    const plan::PlanPtr source = source_plan();
    const Schema& schema = source->schema;
    ColumnBuilder names(TypeId::kString), types(TypeId::kString), nulls(TypeId::kString);
    ColumnBuilder keys(TypeId::kString), defaults(TypeId::kString), extras(TypeId::kString);
    for (int i = 0; i < schema.num_fields(); ++i) {
      names.append_string(schema.field(i).name);
      types.append_string(sql_type_name(schema.field(i).type));
      nulls.append_string("YES");
      keys.append_null();
      defaults.append_null();
      extras.append_null();
    }
    auto table = Table::from_columns({"column_name", "column_type", "null", "key", "default", "extra"},
                                     {names.finish(), types.finish(), nulls.finish(), keys.finish(),
                                      defaults.finish(), extras.finish()});
    return plan::scan(std::make_shared<io::MemorySource>(table));
  }

  void set(BoundStatement& bound) {
    const std::string name = ascii_lower(statement_.name);
    const Scalar value = binder_.at(statement_.value->position, [&] {
      const plan::ExprPtr expr = binder_.translate(*statement_.value, one_row_);
      if (expr->kind != plan::ExprKind::kLiteral)
        binder_.fail_invalid(statement_.value->position, "SET takes a constant value");
      return expr->literal;
    });
    if (name == "threads" || name == "worker_threads") {
      if (value.is_null || !value.type.is_integer() || value.integer < 1)
        binder_.fail_invalid(statement_.value->position, "threads takes a positive integer, as in SET threads = 4");
      bound.name = "threads";
    } else if (name == "memory_limit" || name == "max_memory") {
      if (value.is_null || (value.type.id != TypeId::kString && !value.type.is_integer()))
        binder_.fail_invalid(statement_.value->position,
                             "memory_limit takes a size, as in SET memory_limit = '4GB'");
      bound.name = "memory_limit";
    } else {
      static const std::string kSettings[] = {"threads", "memory_limit"};
      const std::string suggestion = closest_match(name, kSettings, std::size(kSettings));
      binder_.fail_invalid(statement_.name_position,
                           "unknown setting " + statement_.name + (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"),
                           "lode's settings are threads and memory_limit");
    }
    bound.value = value;
  }

  const ast::Statement& statement_;
  Binder binder_;
  Catalog& catalog_;
  Relation one_row_ = one_row();
};

}  // namespace

BoundQuery Binder::bind_values(const ast::Query& query) {
  const Relation row = one_row();
  const size_t width = query.values[0].size();
  std::vector<std::vector<plan::ExprPtr>> cells;
  std::vector<DataType> types(width);
  std::vector<bool> typed(width, false), has_text(width, false);
  for (const auto& values : query.values) {
    if (values.size() != width)
      fail_invalid(values[0]->position, "the rows of VALUES have " + std::to_string(width) + " and " +
                                            std::to_string(values.size()) + " values",
                   "give each row the same number of values");
    std::vector<plan::ExprPtr> translated;
    for (size_t i = 0; i < width; ++i) {
      plan::ExprPtr cell = translate(*values[i], row);
      if (plan::contains_aggregate(*cell)) fail_invalid(values[i]->position, "VALUES cannot aggregate");
      // A string constant takes the column's type when other rows give it one ('2024-02-02' beside a date).
      const bool text = cell->kind == plan::ExprKind::kLiteral && !cell->literal.is_null &&
                        cell->literal.type.id == TypeId::kString;
      has_text[i] = has_text[i] || text;
      if (!is_null_literal(*cell) && !text) {
        const DataType type = at(values[i]->position, [&] { return plan::bind_expr(cell, row.plan->schema)->type; });
        types[i] = !typed[i] || type == types[i]
                       ? type
                       : at(values[i]->position, [&] { return plan::common_type(types[i], type, "VALUES column " + std::to_string(i + 1)); });
        typed[i] = true;
      }
      translated.push_back(std::move(cell));
    }
    cells.push_back(std::move(translated));
  }
  for (size_t i = 0; i < width; ++i)
    if (has_text[i] && !typed[i]) {
      types[i] = TypeId::kString;
      typed[i] = true;
    }
  if (plan::PlanPtr table = literal_table(cells, types, typed)) return {table};
  // Otherwise (expressions, or literals of different types in a column):
  // one projection per row, cast to the column types, under a union.
  std::vector<plan::PlanPtr> rows;
  for (size_t r = 0; r < cells.size(); ++r) {
    std::vector<plan::ExprPtr> outputs;
    for (size_t i = 0; i < width; ++i) {
      plan::ExprPtr cell = cells[r][i];
      if (typed[i]) {
        const DataType type = plan::bind_expr(cell, row.plan->schema)->type;
        if (is_null_literal(*cell)) cell = plan::literal(Scalar::null(types[i]));
        else if (!(type == types[i])) cell = plan::cast(cell, types[i]);
      }
      outputs.push_back(plan::alias(cell, "col" + std::to_string(i)));
    }
    rows.push_back(at(query.values[r][0]->position, [&] { return plan::project(row.plan, outputs); }));
  }
  return {rows.size() == 1 ? rows[0] : at(query.position, [&] { return plan::union_all(rows); })};
}

std::string sql_type_name(const DataType& type) {
  switch (type.id) {
    case TypeId::kBool: return "BOOLEAN";
    case TypeId::kInt8: return "TINYINT";
    case TypeId::kInt16: return "SMALLINT";
    case TypeId::kInt32: return "INTEGER";
    case TypeId::kInt64: return "BIGINT";
    case TypeId::kUInt8: return "UTINYINT";
    case TypeId::kUInt16: return "USMALLINT";
    case TypeId::kUInt32: return "UINTEGER";
    case TypeId::kUInt64: return "UBIGINT";
    case TypeId::kFloat32: return "FLOAT";
    case TypeId::kFloat64: return "DOUBLE";
    case TypeId::kString: return "VARCHAR";
    case TypeId::kDate32: return "DATE";
    case TypeId::kTimestamp: return type.timezone.empty() ? "TIMESTAMP" : "TIMESTAMP WITH TIME ZONE";
    case TypeId::kDecimal128:
      return "DECIMAL(" + std::to_string(type.precision) + "," + std::to_string(type.scale) + ")";
    case TypeId::kList: return sql_type_name(type.children[0]) + "[]";
    case TypeId::kStruct: {
      std::string name = "STRUCT(";
      for (size_t i = 0; i < type.children.size(); ++i)
        name += (i ? ", " : "") + type.field_names[i] + " " + sql_type_name(type.children[i]);
      return name + ")";
    }
  }
  return type.name();
}

BoundStatement bind_statement(const ast::Statement& statement, std::string_view text, Catalog& catalog) {
  return StatementBinder(statement, text, catalog).bind();
}

}  // namespace lode::sql
