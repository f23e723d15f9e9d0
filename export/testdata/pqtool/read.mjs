// Reads a Parquet file with DuckDB (an implementation independent of
// parquet-go) and prints {"schema": [[column, type]...], "rows": [row...]}:
// DuckDB's own column types and its own JSON rendering of every row, in file
// order. Used by grpodata's export tests; see export/parquet_check_test.go.
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node read.mjs FILE.parquet');
  process.exit(2);
}
const quoted = "'" + file.replaceAll("'", "''") + "'";
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const schema = await conn.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoted})`);
const rows = await conn.runAndReadAll(
  `SELECT to_json(t)::VARCHAR AS j FROM read_parquet(${quoted}, file_row_number = true) t ORDER BY file_row_number`);
const groups = await conn.runAndReadAll(
  `SELECT count(DISTINCT row_group_id)::INTEGER AS n FROM parquet_metadata(${quoted})`);
const out = {
  schema: schema.getRowObjects().map((r) => [r.column_name, r.column_type]),
  row_groups: groups.getRowObjects()[0].n,
  rows: rows.getRowObjects().map((r) => {
    const row = JSON.parse(r.j);
    delete row.file_row_number;
    return row;
  }),
};
process.stdout.write(JSON.stringify(out) + '\n');
