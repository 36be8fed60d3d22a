/**
 * Bundles src/ into dist/ with esbuild. Most of nettool is CommonJS, because Node 20 starts its ES
 * module loader only for ES modules, and that costs every command about 5 ms (bench/RESULTS.md, startup):
 *   dist/errors.cjs    the error classes, one copy that every file below shares, so that
 *                      `instanceof NettoolError` holds across files
 *   dist/cli.cjs       the entry (signals, the error line, --version); requires program.cjs on use
 *   dist/program.cjs   commander and the command definitions (program/*.ts)
 *   dist/commands/*.cjs one file per command the program loads on use, with all it needs: Node
 *                      compiles every byte of a CommonJS file it loads, so one file for everything
 *                      would cost each command the parsing of all the others (about 10 ms)
 *   dist/ui/*.mjs      the Ink views, ES modules (yoga-layout uses top-level await), loaded with a
 *                      native import() only where a live view draws
 */
import { build } from 'esbuild';
import { readdir, readFile, rm } from 'node:fs/promises';
import { resolve } from 'node:path';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  jsx: 'automatic',
  // Ink imports react-devtools-core only when DEV=true; never ship it.
  external: ['react-devtools-core'],
  define: { NETTOOL_VERSION: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

/** Resolves the imports `map` names (by the file they lead to) to another dist file, left external. */
function linkTo(map) {
  return {
    name: 'link-dist-files',
    setup(builder) {
      builder.onResolve({ filter: /^\./ }, (args) => {
        for (const [pattern, target] of map) {
          const found = pattern.exec(resolve(args.resolveDir, args.path));
          if (found) return { path: typeof target === 'function' ? target(found) : target, external: true };
        }
        return undefined;
      });
    },
  };
}

const errors = (prefix) => [/\/src\/errors\.js$/, `${prefix}errors.cjs`];
/** The Ink entry points, the one list: each is built to dist/ui/NAME.mjs, and commands import them from there. */
const inkEntries = ['live-view.tsx', 'serve-live.tsx', 'capture-view.tsx', 'theme.ts'];
const inkNames = inkEntries.map((file) => file.replace(/\.tsx?$/, ''));
const views = [new RegExp(`/src/ui/(${inkNames.join('|')})\\.js$`), (found) => `../ui/${found[1]}.mjs`];
const commandModule = /\/src\/commands\/([\w-]+)\.js$/;

/** The commands program/*.ts loads on use (`import('../commands/NAME.js')`): one bundle each. */
const commands = new Set();
for (const file of await readdir(new URL('../src/program', import.meta.url))) {
  const text = await readFile(new URL(`../src/program/${file}`, import.meta.url), 'utf8');
  for (const found of text.matchAll(/import\('\.\.\/commands\/([\w-]+)\.js'\)/g)) commands.add(found[1]);
}

await Promise.all([
  build({ ...common, entryPoints: ['src/errors.ts'], outfile: 'dist/errors.cjs', format: 'cjs' }),
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.cjs',
    format: 'cjs',
    // cli.ts's one import() (the program) becomes a require: no ES module loader on the way.
    supported: { 'dynamic-import': false },
    plugins: [linkTo([errors('./'), [/\/src\/program\/build\.js$/, './program.cjs']])],
  }),
  build({
    ...common,
    entryPoints: ['src/program/build.ts'],
    outfile: 'dist/program.cjs',
    format: 'cjs',
    // Its import()s are the commands: required, not imported.
    supported: { 'dynamic-import': false },
    plugins: [linkTo([errors('./'), [commandModule, (found) => `./commands/${found[1]}.cjs`]])],
  }),
  build({
    ...common,
    entryPoints: Object.fromEntries([...commands].map((name) => [name, `src/commands/${name}.ts`])),
    outdir: 'dist/commands',
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    plugins: [linkTo([errors('../'), views])],
  }),
  // scan's sweep worker threads: the bare-handle prober alone, so that each thread starts light.
  build({ ...common, entryPoints: ['src/net/tcp-sweep-worker.ts'], outfile: 'dist/tcp-sweep-worker.cjs', format: 'cjs' }),
  build({
    ...common,
    entryPoints: inkEntries.map((file) => `src/ui/${file}`),
    outdir: 'dist/ui',
    format: 'esm',
    // .mjs: ES modules whatever package.json around them says.
    outExtension: { '.js': '.mjs' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies of Ink call require(); ES module output needs one.
    banner: { js: "import { createRequire as __nettoolCreateRequire } from 'node:module'; const require = __nettoolCreateRequire(import.meta.url);" },
  }),
]);

// Every file program.cjs requires must have been built: a command imported some other way than
// `import('../commands/NAME.js')` would otherwise ship a require of a file that is not there.
const program = await readFile(new URL('../dist/program.cjs', import.meta.url), 'utf8');
for (const [, file] of program.matchAll(/require\("\.\/(commands\/[\w-]+\.cjs)"\)/g)) {
  await readFile(new URL(`../dist/${file}`, import.meta.url)).catch(() => {
    throw new Error(`dist/program.cjs requires ${file}, which the build did not make`);
  });
}
