/** Bundles src/cli.ts into dist/ with esbuild: ESM, one chunk per lazily imported command. */
import { build } from 'esbuild';
import { rm, readFile } from 'node:fs/promises';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  jsx: 'automatic',
  chunkNames: 'chunks/[name]-[hash]',
  // Ink imports react-devtools-core only when DEV=true; never ship it.
  external: ['react-devtools-core'],
  define: { NETTOOL_VERSION: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
  // CommonJS dependencies (dns-packet) call require(); ESM output needs one.
  banner: { js: "import { createRequire as __nettoolCreateRequire } from 'node:module'; const require = __nettoolCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
