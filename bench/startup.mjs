/** Start-up: `nettool --version` and `nettool ports 443` against bare `node -e 0`. Goal: at most 1.3× node. */
import { fmt, nettool, printTable, ratio, timeInterleaved } from './lib.mjs';

export default function startup({ runs = 30 } = {}) {
  const medians = timeInterleaved(
    {
      'node -e 0': [process.execPath, '-e', '0'],
      'nettool --version': [process.execPath, nettool, '--version'],
      'nettool ports 443': [process.execPath, nettool, 'ports', '443'],
    },
    runs,
  );
  const base = medians['node -e 0'];
  printTable(`start-up (median of ${runs} interleaved runs each)`, [
    ['command', 'median ms', 'ratio to node -e 0'],
    ...Object.entries(medians).map(([name, ms]) => [name, fmt(ms), ratio(ms, base)]),
  ]);
}
