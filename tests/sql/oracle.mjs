// The oracle of tests/sql: runs setup statements, then each query, in one
// in-memory DuckDB, and prints one JSON result per query (columns, DuckDB
// types, rows as JSON) or its error. fill_expected.py drives it; it runs
// from the peers' folder (../shared/peers), where @duckdb/node-api is.
import { DuckDBInstance } from '@duckdb/node-api';
import { readFileSync } from 'node:fs';

const input = JSON.parse(readFileSync(0, 'utf8'));
const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
for (const statement of input.setup) await connection.run(statement);
const results = [];
for (const query of input.queries) {
  try {
    const reader = await connection.runAndReadAll(query);
    results.push({ columns: reader.columnNames(), types: reader.columnTypes().map(String), rows: reader.getRowsJson() });
  } catch (error) {
    results.push({ error: String(error.message || error) });
  }
}
process.stdout.write(JSON.stringify(results) + '\n');
