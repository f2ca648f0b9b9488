// Times DuckDB's and Polars' CSV readers on one file, best of N runs, and
// prints one JSON line per engine: {"engine", "seconds", "rows"}.
// usage (from bench/csv/csv_read.py): cp peers_csv_read.mjs "$PEERS"/ && node "$PEERS/peers_csv_read.mjs" FILE RUNS
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';

const [file, runsText] = process.argv.slice(2);
const runs = Number(runsText || 3);

async function timeDuckdb() {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  let best = Infinity, rows = 0;
  for (let run = 0; run < runs; run++) {
    await connection.run('DROP TABLE IF EXISTS t');
    const start = process.hrtime.bigint();
    await connection.run(`CREATE TABLE t AS FROM read_csv('${file}')`);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
  }
  const count = await connection.runAndReadAll('SELECT count(*) FROM t');
  rows = Number(count.getRows()[0][0]);
  return { engine: 'duckdb', seconds: best, rows };
}

function timePolars() {
  let best = Infinity, rows = 0;
  for (let run = 0; run < runs; run++) {
    const start = process.hrtime.bigint();
    const frame = pl.readCSV(file);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
    rows = frame.height;
  }
  return { engine: 'polars', seconds: best, rows };
}

console.log(JSON.stringify(await timeDuckdb()));
console.log(JSON.stringify(timePolars()));
