// DuckDB's side of the benchmark: the suites' questions in SQL, as db-benchmark
// asks them, through @duckdb/node-api. A question's run materialises its answer
// as table `ans` (CREATE TABLE ... AS), which is dropped untimed after each run.
import { DuckDBInstance } from '@duckdb/node-api';
import { serve } from './measure.mjs';
import { GROUPBY, JOIN, SORT } from './questions.mjs';

const SQL_TYPES = { string: 'VARCHAR', int32: 'INTEGER', float64: 'DOUBLE' };
const quote = (text) => `'${String(text).replace(/'/g, "''")}'`;

function readCsv(path, schema) {
  const columns = Object.entries(schema).map(([name, kind]) => `${quote(name)}: ${quote(SQL_TYPES[kind])}`);
  return `read_csv(${quote(path)}, header = true, columns = {${columns.join(', ')}})`;
}

// Returns a question that materialises `sql` as table ans.
const answerOf = (sql) => async ({ con }) => {
  await con.run(`CREATE TABLE ans AS ${sql}`);
  return 'ans';
};

const IO = {
  'csv-read': ({ con, job }) => answerOf(`FROM ${readCsv(job.tables.x, job.schemas.x)}`)({ con }),
  'parquet-write': async ({ con, job }) => {
    const path = `${job.scratch}/duckdb.parquet`;
    await con.run(`COPY x TO ${quote(path)} (FORMAT parquet, COMPRESSION snappy)`);
    return `read_parquet(${quote(path)})`;
  },
  'parquet-read': ({ con, job }) => answerOf(`FROM read_parquet(${quote(job.parquet)})`)({ con }),
};

const mapValues = (object, f) => Object.fromEntries(Object.entries(object).map(([key, value]) => [key, f(value)]));

await serve({
  questions: {
    'h2o-groupby': mapValues(GROUPBY, answerOf), 'h2o-join': mapValues(JOIN, answerOf),
    sort: mapValues(SORT, answerOf), io: IO,
  },

  async load(job) {
    const instance = await DuckDBInstance.create(':memory:');
    const con = await instance.connect();
    for (const [name, path] of Object.entries(job.tables)) {
      await con.run(`CREATE TABLE ${name} AS FROM ${readCsv(path, job.schemas[name])}`);
    }
    return { data: { instance, con, job }, how: 'read_csv into tables' };
  },

  // `relation` is a table name or a read_parquet(...) call of the file a write question wrote.
  async summarise(relation, check, { con }) {
    const sums = check.map((name) => {
      const value = `"${name}"::DOUBLE`;
      return `coalesce(fsum(CASE WHEN isnan(${value}) THEN NULL ELSE ${value} END), 0)`;
    });
    const reader = await con.runAndReadAll(`SELECT count(*)::DOUBLE, ${sums.join(', ')} FROM ${relation}`);
    const [rows, ...values] = reader.getRows()[0].map(Number);
    return { rows, sums: Object.fromEntries(check.map((name, i) => [name, values[i]])) };
  },

  // `relation` is table ans here (an order-sensitive answer); rowid is a row's position in it.
  async valuesAt(relation, columns, rows, { con }) {
    const values = Object.fromEntries(columns.map((name) => [name, []]));
    if (rows.length === 0) return values;
    const names = columns.map((name) => `"${name}"`).join(', ');
    const reader = await con.runAndReadAll(`SELECT ${names} FROM ${relation} WHERE rowid IN (${rows.join(', ')}) ORDER BY rowid`);
    for (const row of reader.getRows()) {
      columns.forEach((name, i) => values[name].push(typeof row[i] === 'bigint' ? Number(row[i]) : row[i]));
    }
    return values;
  },

  async release(relation, { con }) {
    if (relation === 'ans') await con.run('DROP TABLE IF EXISTS ans');
  },
});
