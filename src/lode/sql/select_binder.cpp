// Binds one SELECT with its ORDER BY and LIMIT: FROM, WHERE, the select
// list (with * and t.*), grouping (GROUP BY expressions, ordinals, aliases
// and ALL; aggregates anywhere in the select list, HAVING and ORDER BY),
// DISTINCT, then the sort (by outputs, ordinals or expressions that are
// not output: computed as hidden columns and dropped after the sort).

#include <algorithm>

#include "lode/core/column_builder.h"
#include "lode/core/table.h"
#include "lode/io/memory_source.h"
#include "lode/sql/binder_internal.h"

namespace lode::sql {

namespace {

struct OutputItem {
  plan::ExprPtr expr;       // over the FROM relation, then (grouped) over the aggregate
  std::string name;
  Position position;
  const ast::Expr* source;  // null for columns of a *
};

// The grouped query's keys and aggregates, and the rewrite of expressions
// over the FROM relation into expressions over the aggregate's output.
class Grouping {
 public:
  Grouping(Binder& binder) : binder_(binder) {}  // NOLINT

  /// Adds a group key (once); returns its column name in the aggregate.
  std::string add_key(const plan::ExprPtr& key) {
    const std::string text = key->to_string();
    if (const auto found = key_names_.find(text); found != key_names_.end()) return found->second;
    const std::string name = key->kind == plan::ExprKind::kColumn ? key->name : "__key" + std::to_string(keys_.size());
    key_names_[text] = name;
    keys_.push_back(key->kind == plan::ExprKind::kColumn ? key : plan::alias(key, name));
    return name;
  }

  /// Returns `expr` over the aggregate's output: group keys and aggregates
  /// become its columns; any other column reference is an error.
  plan::ExprPtr rewrite(const plan::ExprPtr& expr, Position position) {
    const std::string text = expr->to_string();
    if (const auto key = key_names_.find(text); key != key_names_.end()) return plan::column(key->second);
    switch (expr->kind) {
      case plan::ExprKind::kAggregate: return plan::column(aggregate_name(expr, text, position));
      case plan::ExprKind::kColumn: {
        // An uncorrelated subquery's value: one per query, joined after grouping.
        if (binder_.subquery_columns_.count(expr->name)) return expr;
        // grouping(...): a constant of each grouping set, made by build().
        if (binder_.grouping_calls_.count(expr->name)) {
          if (std::find(grouping_used_.begin(), grouping_used_.end(), expr->name) == grouping_used_.end())
            grouping_used_.push_back(expr->name);
          return expr;
        }
        const auto source = binder_.column_sources_.find(expr.get());
        const bool known = source != binder_.column_sources_.end();
        const Position where = known ? source->second.position : position;
        const std::string name = known ? source->second.name : expr->name;
        binder_.fail_invalid(where, "column " + name + " must appear in the GROUP BY clause or be used in an aggregate function",
                             "add it to GROUP BY, or aggregate it, e.g. first(" + name + ")");
      }
      case plan::ExprKind::kWindow: {
        // Over the groups: the function's arguments and the window's keys
        // are expressions of the grouped query, the function itself is not.
        auto window = std::make_shared<plan::Expr>(*expr);
        auto function = std::make_shared<plan::Expr>(*expr->args[0]);
        for (auto& arg : function->args) arg = rewrite(arg, position);
        window->args[0] = function;
        for (auto& key : window->partition_by) key = rewrite(key, position);
        for (auto& key : window->order_by) key = rewrite(key, position);
        return window;
      }
      default: break;
    }
    if (expr->args.empty()) return expr;
    auto copy = std::make_shared<plan::Expr>(*expr);
    for (auto& arg : copy->args) arg = rewrite(arg, position);
    return copy;
  }

  /// The aggregate; with grouping sets (each the names of its keys), the
  /// union of one aggregate per set, the keys a set leaves out NULL.
  plan::PlanPtr build(const plan::PlanPtr& input, Position position, std::vector<std::vector<std::string>> sets) const {
    if (sets.empty() && grouping_used_.empty())
      return binder_.at(position, [&] { return plan::aggregate(input, keys_, aggregates_); });
    if (sets.empty()) {  // grouping() of a plain GROUP BY: one set of every key
      sets.emplace_back();
      for (const auto& key : keys_) sets.back().push_back(key->output_name());
    }
    const plan::PlanPtr whole = binder_.at(position, [&] { return plan::aggregate(input, keys_, aggregates_); });
    std::vector<plan::PlanPtr> branches;
    for (const auto& set : sets) {
      auto in_set = [&](const std::string& name) { return std::find(set.begin(), set.end(), name) != set.end(); };
      std::vector<plan::ExprPtr> keys, outputs;
      for (size_t i = 0; i < keys_.size(); ++i) {
        const Field& field = whole->schema.field(static_cast<int>(i));
        if (in_set(field.name)) {
          keys.push_back(keys_[i]);
          outputs.push_back(plan::column(field.name));
        } else {
          outputs.push_back(plan::alias(plan::cast(plan::literal(Scalar::null(field.type.id)), field.type), field.name));
        }
      }
      for (size_t i = keys_.size(); i < static_cast<size_t>(whole->schema.num_fields()); ++i)
        outputs.push_back(plan::column(whole->schema.field(static_cast<int>(i)).name));
      for (const auto& placeholder : grouping_used_) {
        // One bit per argument, the first the highest: 1 where the set leaves the key out.
        int64_t bits = 0;
        for (const auto& arg : binder_.grouping_calls_.at(placeholder)) {
          const auto key = key_names_.find(arg->to_string());
          if (key == key_names_.end())
            binder_.fail_invalid(position, "grouping() takes the query's GROUP BY expressions, not " + arg->to_string());
          bits = (bits << 1) | (in_set(key->second) ? 0 : 1);
        }
        outputs.push_back(plan::alias(plan::literal(Scalar::int64(bits)), placeholder));
      }
      branches.push_back(binder_.at(position, [&] { return plan::project(plan::aggregate(input, keys, aggregates_), outputs); }));
    }
    return branches.size() == 1 ? branches[0] : plan::union_all(branches);
  }

 private:
  std::string aggregate_name(const plan::ExprPtr& aggregate, const std::string& written, Position position) {
    // The text leaves out options: stddev_samp and stddev_pop differ only in ddof.
    const plan::ExprOptions& options = aggregate->options;
    const std::string text = written + "|" + std::to_string(options.ddof) + "|" + std::to_string(options.quantile) +
                             "|" + options.method + "|" + (options.descending ? "d" : "a");
    if (const auto found = aggregate_names_.find(text); found != aggregate_names_.end()) return found->second;
    for (const auto& arg : aggregate->args)
      if (plan::contains_aggregate(*arg)) binder_.fail_invalid(position, "aggregate functions cannot be nested");
    const std::string name = "__agg" + std::to_string(aggregates_.size());
    aggregate_names_[text] = name;
    aggregates_.push_back(plan::alias(aggregate, name));
    return name;
  }

  Binder& binder_;
  std::vector<plan::ExprPtr> keys_, aggregates_;
  std::vector<std::string> grouping_used_;  // grouping() placeholders the query reads
  std::map<std::string, std::string> key_names_, aggregate_names_;
};

bool is_bare_name(const ast::Expr& expr) { return expr.kind == ast::ExprKind::kColumn && expr.parts.size() == 1; }

}  // namespace

Relation one_row() {
  ColumnBuilder builder(TypeId::kBool);
  builder.append_bool(true);
  auto table = Table::from_columns({"__row"}, {builder.finish()});
  Relation relation;
  relation.plan = plan::scan(std::make_shared<io::MemorySource>(table));
  return relation;
}

namespace {

std::vector<OutputItem> expand_items(Binder& binder, const ast::SelectCore& core, const Relation& from) {
  std::vector<OutputItem> items;
  for (const auto& item : core.items) {
    const ast::Expr& expr = *item.expr;
    if (expr.kind != ast::ExprKind::kStar) {
      items.push_back({binder.translate(expr, from), item.alias.empty() ? binder.output_name(expr) : item.alias,
                       item.position, &expr});
      continue;
    }
    if (!core.from) binder.fail_invalid(expr.position, "SELECT * needs a FROM clause");
    const size_t before = items.size();
    std::vector<uint8_t> used(item.exclude.size() + item.replace.size(), 0);
    for (const auto& column : from.columns) {
      const bool wanted = expr.parts.empty() ? column.in_star
                                             : !column.table.empty() && equals_ignoring_case(column.table, expr.parts[0]);
      if (!wanted) continue;
      bool excluded = false;
      for (size_t i = 0; i < item.exclude.size(); ++i)
        if (equals_ignoring_case(item.exclude[i], column.name)) {
          excluded = true;
          used[i] = 1;
        }
      if (excluded) continue;
      OutputItem output{column.expr, column.name, expr.position, nullptr};
      for (size_t i = 0; i < item.replace.size(); ++i) {
        const ast::SelectItem& replacement = item.replace[i];
        if (!equals_ignoring_case(replacement.alias, column.name)) continue;
        used[item.exclude.size() + i] = 1;
        output = {binder.translate(*replacement.expr, from), column.name, replacement.position, replacement.expr.get()};
      }
      items.push_back(std::move(output));
    }
    for (size_t i = 0; i < used.size(); ++i) {
      if (used[i]) continue;
      const bool is_exclude = i < item.exclude.size();
      const std::string& name = is_exclude ? item.exclude[i] : item.replace[i - item.exclude.size()].alias;
      binder.fail_schema(is_exclude ? item.position : item.replace[i - item.exclude.size()].position,
                         std::string("column ") + name + " in * " + (is_exclude ? "EXCLUDE" : "REPLACE") +
                             " is not a column of the *");
    }
    if (items.size() == before && !expr.parts.empty()) {
      std::vector<std::string> tables;
      for (const auto& column : from.columns)
        if (!column.table.empty() && std::find(tables.begin(), tables.end(), column.table) == tables.end())
          tables.push_back(column.table);
      const std::string suggestion = closest_match(expr.parts[0], tables.data(), tables.size());
      binder.fail_schema(expr.position, "unknown table " + expr.parts[0] + " in " + expr.parts[0] + ".*" +
                                            (suggestion.empty() ? "" : "; did you mean " + suggestion + "?"));
    }
  }
  return items;
}

// Returns the select item a GROUP BY entry means, or null when it names an
// expression of the FROM relation (ordinals, aliases not shadowed by columns).
const OutputItem* group_by_item(Binder& binder, const ast::Expr& expr, const std::vector<OutputItem>& items,
                                const Relation& from) {
  if (expr.kind == ast::ExprKind::kInteger) {
    const int64_t ordinal = binder.constant_count(expr, "GROUP BY");
    if (ordinal < 1 || ordinal > static_cast<int64_t>(items.size()))
      binder.fail_invalid(expr.position, "GROUP BY " + expr.text + " is not in the select list's " +
                                             std::to_string(items.size()) + " columns");
    return &items[ordinal - 1];
  }
  if (!is_bare_name(expr)) return nullptr;
  for (const auto& column : from.columns)
    if (column.unqualified && equals_ignoring_case(column.name, expr.parts[0])) return nullptr;
  for (const auto& item : items)
    if (item.source && equals_ignoring_case(item.name, expr.parts[0])) return &item;
  return nullptr;
}

}  // namespace

namespace {

// An aggregate outside windows, or inside a window's arguments, partitions
// or order (sum(count(*)) OVER (): a window over the grouped rows).
bool reads_aggregates(const plan::Expr& expr) {
  if (plan::contains_aggregate(expr)) return true;
  if (expr.kind == plan::ExprKind::kWindow) {
    for (const auto& arg : expr.args[0]->args)
      if (reads_aggregates(*arg)) return true;
    for (const auto& key : expr.partition_by)
      if (reads_aggregates(*key)) return true;
    for (const auto& key : expr.order_by)
      if (reads_aggregates(*key)) return true;
    return false;
  }
  return std::any_of(expr.args.begin(), expr.args.end(), [](const plan::ExprPtr& arg) { return reads_aggregates(*arg); });
}

}  // namespace

BoundQuery Binder::bind_select(const ast::Query& query) {
  const ast::SelectCore& core = *query.core;
  const auto* outer_windows = named_windows_;
  named_windows_ = &core.windows;
  struct Restore {
    const ast::NamedWindows*& slot;
    const ast::NamedWindows* value;
    ~Restore() { slot = value; }
  } restore{named_windows_, outer_windows};
  const Relation from = core.from ? bind_table(*core.from) : one_row();
  plan::PlanPtr plan = from.plan;
  // Subqueries in expressions add joins (subquery_binder.cpp): WHERE's come
  // before its filter, the others before the projection or, for values of
  // uncorrelated subqueries in a grouped query, after the grouping.
  std::vector<SubqueryJoin> joins;
  PendingJoinsGuard pending(pending_joins_, &joins);
  auto apply_joins = [&] {
    for (const auto& join : joins) plan = apply_subquery_join(plan, join);
    joins.clear();
  };
  if (core.where) {
    // [NOT] EXISTS and [NOT] IN (subquery) conditions become semi and anti joins after the filter.
    std::vector<const ast::Expr*> conjuncts, subquery_conditions;
    split_conjuncts(*core.where, conjuncts);
    std::vector<plan::ExprPtr> predicates;
    for (const ast::Expr* conjunct : conjuncts) {
      if (is_subquery_condition(*conjunct)) {
        subquery_conditions.push_back(conjunct);
        continue;
      }
      predicates.push_back(as_condition(translate(*conjunct, from)));
      if (plan::contains_aggregate(*predicates.back()))
        fail_invalid(conjunct->position, "WHERE cannot use aggregate functions", "filter groups with HAVING");
      if (plan::contains_window(*predicates.back()))
        fail_invalid(conjunct->position, "WHERE cannot use window functions", "filter on them with QUALIFY");
    }
    apply_joins();
    if (!predicates.empty())
      plan = at(core.where->position, [&] {
        return plan::filter(plan, predicates.size() == 1 ? predicates[0] : plan::call("and", predicates));
      });
    for (const ast::Expr* conjunct : subquery_conditions) plan = join_subquery_condition(*conjunct, plan, from);
  }
  std::vector<OutputItem> items = expand_items(*this, core, from);
  bool grouped = core.has_group_by || core.having;
  for (const auto& item : items) grouped |= reads_aggregates(*item.expr);

  // ORDER BY entries: an output column's index, or an expression over FROM.
  struct OrderKey {
    int output = -1;
    plan::ExprPtr expr;
    Position position;
  };
  std::vector<OrderKey> order_keys;
  for (const auto& item : query.order_by) {
    const ast::Expr& expr = *item.expr;
    OrderKey key{-1, nullptr, expr.position};
    if (expr.kind == ast::ExprKind::kInteger) {
      const int64_t ordinal = constant_count(expr, "ORDER BY");
      if (ordinal < 1 || ordinal > static_cast<int64_t>(items.size()))
        fail_invalid(expr.position, "ORDER BY " + expr.text + " is not in the select list's " +
                                        std::to_string(items.size()) + " columns");
      key.output = static_cast<int>(ordinal - 1);
    } else if (is_bare_name(expr)) {
      // A bare name means an output column first (an alias, then a column's
      // own name, as in DuckDB), and only then a column of FROM.
      for (size_t i = 0; i < core.items.size() && key.output < 0; ++i)
        if (!core.items[i].alias.empty() && equals_ignoring_case(core.items[i].alias, expr.parts[0]))
          for (size_t j = 0; j < items.size(); ++j)
            if (items[j].source == core.items[i].expr.get()) key.output = static_cast<int>(j);
      for (size_t j = 0; j < items.size() && key.output < 0; ++j)
        if (equals_ignoring_case(items[j].name, expr.parts[0])) key.output = static_cast<int>(j);
    }
    if (key.output < 0) key.expr = translate(expr, from);
    order_keys.push_back(std::move(key));
  }

  std::vector<plan::ExprPtr> distinct_on_exprs;
  for (const auto& expr : core.distinct_on) distinct_on_exprs.push_back(translate(*expr, from));
  plan::ExprPtr qualify = core.qualify ? as_condition(translate(*core.qualify, from)) : nullptr;

  if (grouped) {
    Grouping grouping(*this);
    if (core.group_by_all) {
      for (const auto& item : items)
        if (!plan::contains_aggregate(*item.expr)) grouping.add_key(item.expr);
    }
    std::vector<std::string> key_names;
    for (const auto& entry : core.group_by) {
      const OutputItem* item = group_by_item(*this, *entry, items, from);
      const plan::ExprPtr key = item ? item->expr : translate(*entry, from);
      if (plan::contains_aggregate(*key)) fail_invalid(entry->position, "GROUP BY cannot use aggregate functions");
      key_names.push_back(grouping.add_key(key));
    }
    std::vector<std::vector<std::string>> sets;
    for (const auto& set : core.grouping_sets) {
      sets.emplace_back();
      for (int index : set)
        if (std::find(sets.back().begin(), sets.back().end(), key_names[index]) == sets.back().end())
          sets.back().push_back(key_names[index]);
    }
    for (auto& item : items) item.expr = grouping.rewrite(item.expr, item.position);
    plan::ExprPtr having =
        core.having ? as_condition(grouping.rewrite(translate(*core.having, from), core.having->position)) : nullptr;
    if (having && plan::contains_window(*having))
      fail_invalid(core.having->position, "HAVING cannot use window functions", "filter on them with QUALIFY");
    for (auto& key : order_keys)
      if (key.expr) key.expr = grouping.rewrite(key.expr, key.position);
    for (size_t i = 0; i < distinct_on_exprs.size(); ++i)
      distinct_on_exprs[i] = grouping.rewrite(distinct_on_exprs[i], core.distinct_on[i]->position);
    if (qualify) qualify = grouping.rewrite(qualify, core.qualify->position);
    for (const auto& join : joins)
      if (join.correlated)
        fail_not_supported(core.position, "a correlated subquery in a grouped query's select list, HAVING or ORDER BY");
    plan = grouping.build(plan, core.position, sets);
    apply_joins();
    if (having) plan = at(core.having->position, [&] { return plan::filter(plan, having); });
  }

  // The outputs, then the ORDER BY expressions that are not outputs.
  std::vector<std::string> names;
  std::vector<plan::ExprPtr> outputs;
  for (const auto& item : items) {
    names.push_back(fresh_name(item.name, names));
    outputs.push_back(plan::alias(item.expr, names.back()));
  }
  const size_t visible = outputs.size();
  for (auto& key : order_keys) {
    if (key.output >= 0) continue;
    const std::string text = key.expr->to_string();
    for (size_t i = 0; i < items.size() && key.output < 0; ++i)
      if (items[i].expr->to_string() == text) key.output = static_cast<int>(i);
    if (key.output >= 0) continue;
    if (core.distinct && core.distinct_on.empty())
      fail_invalid(key.position, "with SELECT DISTINCT, ORDER BY expressions must appear in the select list");
    names.push_back(fresh_name("__order" + std::to_string(outputs.size() - visible), names));
    outputs.push_back(plan::alias(key.expr, names.back()));
    key.output = static_cast<int>(outputs.size() - 1);
  }
  // DISTINCT ON (...): the outputs it names, or hidden columns.
  std::vector<std::string> distinct_on;
  for (size_t i = 0; i < distinct_on_exprs.size(); ++i) {
    const std::string text = distinct_on_exprs[i]->to_string();
    std::string name;
    for (size_t j = 0; j < visible && name.empty(); ++j)
      if (items[j].expr->to_string() == text) name = names[j];
    if (name.empty()) {
      names.push_back(fresh_name("__distinct" + std::to_string(i), names));
      outputs.push_back(plan::alias(distinct_on_exprs[i], names.back()));
      name = names.back();
    }
    distinct_on.push_back(name);
  }
  // QUALIFY: a hidden column of the projection (it may read its windows), filtered on and dropped.
  if (qualify) {
    names.push_back(fresh_name("__qualify", names));
    outputs.push_back(plan::alias(qualify, names.back()));
  }
  apply_joins();
  plan = at(core.position, [&] { return plan::project(plan, outputs); });
  if (qualify) {
    plan = at(core.qualify->position, [&] { return plan::filter(plan, plan::column(names.back())); });
    names.pop_back();
    outputs.pop_back();
    std::vector<plan::ExprPtr> kept;
    for (const auto& name : names) kept.push_back(plan::column(name));
    plan = plan::project(plan, kept);
  }
  if (core.distinct && distinct_on.empty()) plan = plan::distinct(plan, {}, "any", false);
  if (!order_keys.empty()) {
    std::vector<plan::ExprPtr> keys;
    std::vector<bool> descending, nulls_last;
    for (size_t i = 0; i < order_keys.size(); ++i) {
      keys.push_back(plan::column(names[order_keys[i].output]));
      descending.push_back(query.order_by[i].descending);
      nulls_last.push_back(query.order_by[i].nulls_last.value_or(true));
    }
    plan = at(query.order_by[0].expr->position, [&] { return plan::sort(plan, keys, descending, nulls_last); });
  }
  // The first row of each DISTINCT ON group in the ORDER BY's order.
  if (!distinct_on.empty()) plan = plan::distinct(plan, distinct_on, "first", !order_keys.empty());
  if (query.limit || query.offset) {
    const int64_t offset = query.offset ? constant_count(*query.offset, "OFFSET") : 0;
    const int64_t count = query.limit ? constant_count(*query.limit, "LIMIT") : (int64_t{1} << 62);
    plan = plan::limit(plan, offset, count);
  }
  if (outputs.size() > visible) {
    std::vector<plan::ExprPtr> shown;
    for (size_t i = 0; i < visible; ++i) shown.push_back(plan::column(names[i]));
    plan = plan::project(plan, shown);
  }
  return {plan};
}

}  // namespace lode::sql
