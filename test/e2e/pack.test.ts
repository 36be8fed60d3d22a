import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'nettool-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('installs globally with no runtime dependencies and runs', () => {
    // --ignore-scripts: the build already ran in `npm test`; prepack would rebuild dist/ under the other tests.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const prefix = join(work, 'prefix');
    execFileSync('npm', ['install', '-g', '--prefix', prefix, '--offline', join(work, tarball!)], { stdio: 'pipe' });
    const help = execFileSync(join(prefix, 'bin', 'nettool'), ['--help'], { encoding: 'utf8' });
    expect(help).toContain('Usage: nettool');
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'nettool'))).not.toContain('node_modules');
    expect(execFileSync(join(prefix, 'bin', 'nettool'), ['ports', '443'], { encoding: 'utf8' })).toMatch(/^https\s+443\/tcp/);
  }, 120_000);
});
