// The suites' questions in DuckDB's SQL, as db-benchmark asks them, over
// tables (or views) x, small, medium and big: for bench/peers/duckdb.mjs
// (in memory) and bench/peers/duckdb_beyond_memory.mjs (over Parquet).

export const GROUPBY = {
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
export const JOIN = {
  q1: 'SELECT x.*, small.id4 AS small_id4, v2 FROM x JOIN small USING (id1)',
  q2: `SELECT x.*, ${MEDIUM} FROM x JOIN medium USING (id2)`,
  q3: `SELECT x.*, ${MEDIUM} FROM x LEFT JOIN medium USING (id2)`,
  q4: 'SELECT x.*, medium.id1 AS medium_id1, medium.id2 AS medium_id2, medium.id4 AS medium_id4, v2 FROM x JOIN medium USING (id5)',
  q5: 'SELECT x.*, big.id1 AS big_id1, big.id2 AS big_id2, big.id4 AS big_id4, big.id5 AS big_id5, big.id6 AS big_id6, v2'
    + ' FROM x JOIN big USING (id3)',
};

// A table's rows stay in the ORDER BY's order (preserve_insertion_order is on by default).
export const SORT = {
  s1: 'SELECT * FROM x ORDER BY id3, v3',
  s2: 'SELECT * FROM x ORDER BY id6 DESC, id4',
  s3: 'SELECT * FROM x ORDER BY v3 DESC LIMIT 100',
};
