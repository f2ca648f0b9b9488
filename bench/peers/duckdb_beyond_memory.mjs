// DuckDB's side of bench/spill/beyond_memory.py: one question over Parquet
// files under a memory limit, its answer written to Parquet (COPY ... TO),
// so that neither the input nor the answer has to fit in memory.
//
//   node duckdb_beyond_memory.mjs JOB_JSON
//   JOB: {suite, question, tables: {name: parquet path}, out, memory_limit, temp_directory, threads}
// Prints one JSON line: {"seconds": ...} or {"error": ...}.
import { DuckDBInstance } from '@duckdb/node-api';
import { GROUPBY, JOIN, SORT } from './questions.mjs';

const QUESTIONS = { groupby: GROUPBY, join: JOIN, sort: SORT };
const quote = (text) => `'${String(text).replace(/'/g, "''")}'`;

const job = JSON.parse(process.argv[2]);
try {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  await con.run(`SET memory_limit = ${quote(job.memory_limit)}`);
  await con.run(`SET temp_directory = ${quote(job.temp_directory)}`);
  // DuckDB's advice for larger-than-memory work; ORDER BY still orders the answer.
  await con.run('SET preserve_insertion_order = false');
  if (job.threads) await con.run(`SET threads = ${job.threads}`);
  for (const [name, path] of Object.entries(job.tables)) {
    await con.run(`CREATE VIEW ${name} AS FROM read_parquet(${quote(path)})`);
  }
  const sql = QUESTIONS[job.suite][job.question];
  const start = process.hrtime.bigint();
  await con.run(`COPY (${sql}) TO ${quote(job.out)} (FORMAT parquet)`);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  console.log(JSON.stringify({ seconds }));
} catch (error) {
  console.log(JSON.stringify({ error: String(error.message || error) }));
}
