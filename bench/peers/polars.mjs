// Polars' side of the benchmark: the suites' questions in nodejs-polars' lazy API,
// as db-benchmark asks them. LazyDataFrame.collect() returns a Promise, so each
// question ends in collectSync(): the time is that of the whole query.
import pl from 'nodejs-polars';
import { serve } from './measure.mjs';

const TYPES = { string: pl.String, int32: pl.Int32, float64: pl.Float64 };
const dtypes = (schema) => Object.fromEntries(Object.entries(schema).map(([name, kind]) => [name, TYPES[kind]]));
const col = pl.col;

const GROUPBY = {
  q1: ({ x }) => x.lazy().groupBy('id1').agg(col('v1').sum().alias('v1')).collectSync(),
  q2: ({ x }) => x.lazy().groupBy(['id1', 'id2']).agg(col('v1').sum().alias('v1')).collectSync(),
  q3: ({ x }) => x.lazy().groupBy('id3').agg(col('v1').sum().alias('v1'), col('v3').mean().alias('v3')).collectSync(),
  q4: ({ x }) => x.lazy().groupBy('id4')
    .agg(col('v1').mean().alias('v1'), col('v2').mean().alias('v2'), col('v3').mean().alias('v3')).collectSync(),
  q5: ({ x }) => x.lazy().groupBy('id6')
    .agg(col('v1').sum().alias('v1'), col('v2').sum().alias('v2'), col('v3').sum().alias('v3')).collectSync(),
  q6: ({ x }) => x.lazy().groupBy(['id4', 'id5'])
    .agg(col('v3').median().alias('median_v3'), col('v3').std().alias('sd_v3')).collectSync(),
  q7: ({ x }) => x.lazy().groupBy('id3').agg(col('v1').max().minus(col('v2').min()).alias('range_v1_v2')).collectSync(),
  q8: ({ x }) => x.lazy().dropNulls('v3').sort('v3', true).groupBy('id6')
    .agg(col('v3').head(2).alias('largest2_v3')).explode('largest2_v3').collectSync(),
  q9: ({ x }) => x.lazy().groupBy(['id2', 'id4']).agg(pl.pearsonCorr('v1', 'v2').pow(2).alias('r2')).collectSync(),
  q10: ({ x }) => x.lazy().groupBy(['id1', 'id2', 'id3', 'id4', 'id5', 'id6'])
    .agg(col('v3').sum().alias('v3'), pl.len().alias('count')).collectSync(),
};

const join = (right, on, how) => (tables) => tables.x.lazy().join(tables[right].lazy(), { on, how }).collectSync();
const JOIN = {
  q1: join('small', 'id1', 'inner'),
  q2: join('medium', 'id2', 'inner'),
  q3: join('medium', 'id2', 'left'),
  q4: join('medium', 'id5', 'inner'),
  q5: join('big', 'id3', 'inner'),
};

// Polars' sort is not stable unless maintainOrder is set; the answer check does not need it.
const SORT = {
  s1: ({ x }) => x.lazy().sort(['id3', 'v3']).collectSync(),
  s2: ({ x }) => x.lazy().sort(['id6', 'id4'], [true, false]).collectSync(),
  s3: ({ x }) => x.lazy().sort('v3', true).head(100).collectSync(),
};

const IO = {
  'csv-read': ({ job }) => pl.readCSV(job.tables.x, { dtypes: dtypes(job.schemas.x) }),
  'parquet-write': ({ x, job }) => {
    const path = `${job.scratch}/polars.parquet`;
    x.writeParquet(path, { compression: 'snappy' });
    return { path };
  },
  'parquet-read': ({ job }) => pl.readParquet(job.parquet),
};

await serve({
  questions: { 'h2o-groupby': GROUPBY, 'h2o-join': JOIN, sort: SORT, io: IO },

  load(job) {
    const tables = Object.fromEntries(Object.entries(job.tables)
      .map(([name, path]) => [name, pl.readCSV(path, { dtypes: dtypes(job.schemas[name]) })]));
    return { data: { ...tables, job }, how: 'readCSV' };
  },

  // `result` is a DataFrame, or {path} of the file a write question wrote.
  summarise(result, check) {
    const frame = result.path ? pl.readParquet(result.path) : result;
    const sums = frame.select(...check.map((name) => col(name).cast(pl.Float64).fillNan(null).sum().alias(name)));
    const row = sums.toRecords()[0];
    return { rows: frame.height, sums: Object.fromEntries(check.map((name) => [name, Number(row[name] ?? 0)])) };
  },

  valuesAt(frame, columns, rows) {
    return Object.fromEntries(columns.map((name) => {
      const series = frame.getColumn(name);
      return [name, rows.map((row) => {
        const value = series.get(row);
        return typeof value === 'bigint' ? Number(value) : value ?? null;
      })];
    }));
  },

  release() {},
});
