/**
 * Builds the native addon (native/, Node-API C) with node-gyp against the running Node's own headers
 * and puts it at prebuilds/<platform>-<arch>/nettool.node, where dist/ loads it by path. A machine
 * without a compiler (a user's `npm install` runs `prepare`) gets no addon and a warning, not a
 * failed install: nettool then reads /proc. `--require` (CI, the tests' build) makes that an error.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const native = join(root, 'native');
const target = join(root, 'prebuilds', `${process.platform}-${process.arch}`, 'nettool.node');
const required = process.argv.includes('--require');
const force = process.argv.includes('--force');

function giveUp(reason) {
  if (required) {
    console.error(`build-native: ${reason}`);
    process.exit(1);
  }
  console.warn(`nettool: no native addon (${reason}); netstat will read /proc instead`);
  process.exit(0);
}

if (process.platform !== 'linux') giveUp(`netlink is Linux only, this is ${process.platform}`);

/** Newest modification time of the addon's sources: a build newer than that is kept. */
function newestSource() {
  const files = [join(native, 'binding.gyp'), ...readdirSync(join(native, 'src')).map((f) => join(native, 'src', f))];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}
if (!force && existsSync(target) && statSync(target).mtimeMs >= newestSource()) process.exit(0);

// npm hands its own node-gyp to scripts it runs; otherwise look beside the npm that came with Node.
const prefix = dirname(dirname(process.execPath));
const gyp = [process.env.npm_config_node_gyp, join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')].find(
  (path) => path && existsSync(path),
);
if (!gyp) giveUp('node-gyp not found (it comes with npm)');
// No route to Node's header downloads: use the headers installed with this Node.
if (!existsSync(join(prefix, 'include', 'node', 'node_api.h'))) giveUp(`no Node headers under ${prefix}/include/node`);

const run = spawnSync(process.execPath, [gyp, 'rebuild', `--nodedir=${prefix}`, '--loglevel=warn'], {
  cwd: native,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, JOBS: '2' },
});
if (run.error || run.status !== 0) giveUp(`node-gyp rebuild failed${run.error ? `: ${run.error.message}` : ''} (is a C compiler installed?)`);
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(native, 'build', 'Release', 'nettool.node'), target);
console.log(`nettool: built ${target.slice(root.length)}`);
