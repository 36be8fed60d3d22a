/** Shared benchmark helpers: interleaved timing of whole commands, medians, ratios. No test asserts on these. */
import { spawnSync } from 'node:child_process';

export const root = new URL('..', import.meta.url).pathname;
export const nettool = `${root}bin/nettool.cjs`;

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs one command once, to completion, and returns its wall time in ms. Output is discarded. */
export function timeOnce(argv, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

/**
 * Times several commands `runs` times each, interleaved (A B C A B C ...) so that
 * drift in the machine's load touches every command alike. Returns name → median ms.
 */
export function timeInterleaved(commands, runs, options = {}) {
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (const argv of Object.values(commands)) timeOnce(argv, options); // warm the page cache
  for (let i = 0; i < runs; i++) {
    for (const [name, argv] of Object.entries(commands)) samples[name].push(timeOnce(argv, options));
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}

export function printTable(title, rows) {
  console.log(`\n## ${title}\n`);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  for (const [index, row] of rows.entries()) {
    console.log(`| ${row.map((cell, i) => String(cell).padEnd(widths[i])).join(' | ')} |`);
    if (index === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  }
}

export const fmt = (ms) => ms.toFixed(1);
export const ratio = (a, b) => (a / b).toFixed(2);
