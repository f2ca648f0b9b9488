// DuckDB and Polars sides of bench/parquet: times reading a Parquet file
// into memory (full, or filtered on id1), and writing one, inside Node so
// that process start-up is not counted. Prints one JSON line of seconds.
// usage: node peers_parquet.mjs duckdb|polars read|filter|write FILE [OUT] [CODEC] [RUNS]
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';

const [system, task, file, out, codec, runsText] = process.argv.slice(2);
const runs = Number(runsText || 3);

async function timeRuns(run) {
  await run();  // warm-up
  const seconds = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await run();
    seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return seconds;
}

async function duckdb() {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const source = `read_parquet('${file}')`;
  if (task === 'read') return timeRuns(() => con.run(`CREATE OR REPLACE TABLE t AS FROM ${source}`));
  if (task === 'filter') return timeRuns(() => con.run(`CREATE OR REPLACE TABLE t AS FROM ${source} WHERE id1 = 'id001'`));
  await con.run(`CREATE TABLE t AS FROM ${source}`);
  return timeRuns(() => con.run(`COPY t TO '${out}' (FORMAT parquet, COMPRESSION ${codec})`));
}

async function polars() {
  if (task === 'read') return timeRuns(() => pl.readParquet(file));
  if (task === 'filter') return timeRuns(() => pl.scanParquet(file).filter(pl.col('id1').eq(pl.lit('id001'))).collectSync());
  const frame = pl.readParquet(file);
  return timeRuns(() => frame.writeParquet(out, { compression: codec }));
}

const seconds = system === 'duckdb' ? await duckdb() : await polars();
console.log(JSON.stringify({ system, task, seconds }));
