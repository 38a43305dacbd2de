// Seed Node's DuckDB-Wasm extension cache with the signed parquet extension the project
// carries (static/duckdb-extensions/), so that `evidence sources` and `evidence build`
// never fetch it: offline, DuckDB-Wasm 1.32.0 waits forever on a failed fetch and caches
// any body it gets, a 404 page included (evidence-dev/evidence#3155, duckdb-wasm#2010).
// Checks every file against SHA256SUMS first, then replaces whatever bytes are in the cache.
// Refuses when the lockfile's DuckDB-Wasm is not the version the folder was taken for.
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const project = join(dirname(fileURLToPath(import.meta.url)), '..');
const carried = join(project, 'static', 'duckdb-extensions');
// the DuckDB-Wasm package version -> the DuckDB version whose extensions it loads
const DUCKDB_OF_WASM = { '1.32.0': 'v1.4.3' };

const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
const wasm = lock.packages['node_modules/@duckdb/duckdb-wasm']?.version;
const version = DUCKDB_OF_WASM[wasm];
if (!version) {
	console.error(
		`@duckdb/duckdb-wasm ${wasm} in package-lock.json: no carried extensions for it; renew ` +
			'static/duckdb-extensions/ and DUCKDB_OF_WASM (README: the Evidence site offline)'
	);
	process.exit(2);
}
const sums = readFileSync(join(carried, 'SHA256SUMS'), 'utf8')
	.trim()
	.split('\n')
	.map((line) => line.split(/\s+/));
let seeded = 0;
for (const [sum, file] of sums) {
	if (!file.startsWith(`${version}/`)) continue;
	const source = join(carried, file);
	const digest = createHash('sha256').update(readFileSync(source)).digest('hex');
	if (digest !== sum) {
		console.error(`${source}: sha256 ${digest}, expected ${sum} (SHA256SUMS): not the signed file`);
		process.exit(2);
	}
	const target = join(homedir(), '.duckdb', 'extensions', 'extensions.duckdb.org', file);
	mkdirSync(dirname(target), { recursive: true });
	copyFileSync(source, target);
	seeded += 1;
}
if (!seeded) {
	console.error(`static/duckdb-extensions/SHA256SUMS lists no file of ${version}`);
	process.exit(2);
}
