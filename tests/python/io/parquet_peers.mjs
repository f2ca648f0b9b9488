// Reads a Parquet file with Polars and writes what it read to another file,
// or writes a fixed table of many types: the Polars side of lode's Parquet
// interoperability tests. Copied into the peers folder and run from there.
// usage: node parquet_peers.mjs polars-copy IN OUT | polars-write OUT
import pl from 'nodejs-polars';

const [command, first, second] = process.argv.slice(2);
if (command === 'polars-copy') {
  const frame = pl.readParquet(first);
  frame.writeParquet(second, { compression: 'zstd' });
  console.log(JSON.stringify({ rows: frame.height, columns: frame.columns, dtypes: frame.dtypes.map(String) }));
} else if (command === 'polars-write') {
  const frame = pl.DataFrame({
    i: pl.Series('i', [1, null, -3], pl.Int64),
    u: pl.Series('u', [1, 2, null], pl.UInt32),
    f: pl.Series('f', [1.5, null, -0.25], pl.Float64),
    s: pl.Series('s', ['a', null, 'héllo'], pl.Utf8),
    b: pl.Series('b', [true, false, null], pl.Bool),
  });
  frame.writeParquet(first, { compression: 'snappy' });
  console.log(JSON.stringify({ rows: frame.height }));
} else {
  console.error('unknown command ' + command);
  process.exit(2);
}
