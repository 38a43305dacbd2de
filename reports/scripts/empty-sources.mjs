// Give every empty source table a parquet file of its schema. `evidence sources` writes
// only `<table>.schema.json` for a query that returns no rows (dq_quarantine after a clean
// run) while the manifest still names `<table>.parquet`, and `evidence build` then fails:
// "too small to be a Parquet file" (evidence-dev/evidence#2466, still in 40.1.8). Written
// with the same Arrow and parquet-wasm the sources step uses (pinned by the lockfile).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bool, Float64, TimestampMillisecond, Utf8, tableFromArrays, tableToIPC, vectorFromArray } from 'apache-arrow';
import { Table, writeParquet } from 'parquet-wasm/node/arrow1.js';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');
const data = join(project, '.evidence', 'template', 'static', 'data');
const TYPES = { number: Float64, boolean: Bool, date: TimestampMillisecond };

if (existsSync(data)) {
	for (const source of readdirSync(data, { withFileTypes: true }).filter((d) => d.isDirectory())) {
		for (const table of readdirSync(join(data, source.name))) {
			const folder = join(data, source.name, table);
			const parquet = join(folder, `${table}.parquet`);
			const schema = join(folder, `${table}.schema.json`);
			if (existsSync(parquet) || !existsSync(schema)) continue;
			const columns = JSON.parse(readFileSync(schema, 'utf8'));
			const empty = tableFromArrays(
				Object.fromEntries(
					columns.map((c) => [c.name, vectorFromArray([], new (TYPES[c.evidenceType] ?? Utf8)())])
				)
			);
			writeFileSync(parquet, writeParquet(Table.fromIPCStream(tableToIPC(empty, 'stream'))));
			console.log(`${source.name}.${table}: no rows; wrote an empty parquet file of its schema`);
		}
	}
}
