// DuckDB's side of the benchmark: the suites' questions in SQL, as db-benchmark
// asks them, through @duckdb/node-api. A question's run materialises its answer
// as table `ans` (CREATE TABLE ... AS), which is dropped untimed after each run.
import { DuckDBInstance } from '@duckdb/node-api';
import { serve } from './measure.mjs';

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

const GROUPBY = {
  q1: 'SELECT id1, sum(v1) AS v1 FROM x GROUP BY id1',
  q2: 'SELECT id1, id2, sum(v1) AS v1 FROM x GROUP BY id1, id2',
  q3: 'SELECT id3, sum(v1) AS v1, avg(v3) AS v3 FROM x GROUP BY id3',
  q4: 'SELECT id4, avg(v1) AS v1, avg(v2) AS v2, avg(v3) AS v3 FROM x GROUP BY id4',
  q5: 'SELECT id6, sum(v1) AS v1, sum(v2) AS v2, sum(v3) AS v3 FROM x GROUP BY id6',
  q6: 'SELECT id4, id5, quantile_cont(v3, 0.5) AS median_v3, stddev(v3) AS sd_v3 FROM x GROUP BY id4, id5',
  q7: 'SELECT id3, max(v1) - min(v2) AS range_v1_v2 FROM x GROUP BY id3',
  q8: 'SELECT id6, v3 AS largest2_v3 FROM (SELECT id6, v3, row_number() OVER (PARTITION BY id6 ORDER BY v3 DESC) AS order_v3'
    + ' FROM x WHERE v3 IS NOT NULL) WHERE order_v3 <= 2',
  q9: 'SELECT id2, id4, pow(corr(v1, v2), 2) AS r2 FROM x GROUP BY id2, id4',
  q10: 'SELECT id1, id2, id3, id4, id5, id6, sum(v3) AS v3, count(*) AS count FROM x GROUP BY id1, id2, id3, id4, id5, id6',
};

const MEDIUM = 'medium.id1 AS medium_id1, medium.id4 AS medium_id4, medium.id5 AS medium_id5, v2';
const JOIN = {
  q1: 'SELECT x.*, small.id4 AS small_id4, v2 FROM x JOIN small USING (id1)',
  q2: `SELECT x.*, ${MEDIUM} FROM x JOIN medium USING (id2)`,
  q3: `SELECT x.*, ${MEDIUM} FROM x LEFT JOIN medium USING (id2)`,
  q4: 'SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2 FROM x JOIN medium USING (id5)',
  q5: 'SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5, big.id6 AS big_id6, v2'
    + ' FROM x JOIN big USING (id3)',
};

// A table's rows stay in the ORDER BY's order (preserve_insertion_order is on by default).
const SORT = {
  s1: 'SELECT * FROM x ORDER BY id3, v3',
  s2: 'SELECT * FROM x ORDER BY id6 DESC, id4',
  s3: 'SELECT * FROM x ORDER BY v3 DESC LIMIT 100',
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
