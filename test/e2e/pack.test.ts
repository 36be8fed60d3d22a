import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'nettool-pack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed tarball', () => {
  it('installs globally with no runtime dependencies and no compiler, and runs netstat on the native addon', async () => {
    // --ignore-scripts: the build already ran in `npm test`; prepack would rebuild dist/ under the other tests.
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const prefix = join(work, 'prefix');
    // No compiler and no shell on the PATH: only node and npm. An install that needed to build
    // anything (node-gyp for a binding.gyp, an install script) would fail here.
    const bare = join(work, 'bare-bin');
    mkdirSync(bare);
    symlinkSync(process.execPath, join(bare, 'node'));
    symlinkSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim(), join(bare, 'npm'));
    execFileSync(join(bare, 'npm'), ['install', '-g', '--prefix', prefix, '--offline', join(work, tarball!)], {
      stdio: 'pipe',
      env: { ...process.env, PATH: bare },
    });
    const help = execFileSync(join(prefix, 'bin', 'nettool'), ['--help'], { encoding: 'utf8' });
    expect(help).toContain('Usage: nettool');
    expect(readdirSync(join(prefix, 'lib', 'node_modules', 'nettool'))).not.toContain('node_modules');
    expect(execFileSync(join(prefix, 'bin', 'nettool'), ['ports', '443'], { encoding: 'utf8' })).toMatch(/^https\s+443\/tcp/);

    // The prebuilt addon ships and loads; its sources and build file do not ship.
    const installed = join(prefix, 'lib', 'node_modules', 'nettool');
    expect(existsSync(join(installed, 'prebuilds', `${process.platform}-${process.arch}`, 'nettool.node'))).toBe(true);
    expect(existsSync(join(installed, 'binding.gyp')) || existsSync(join(installed, 'native'))).toBe(false);
    const scripts = Object.keys(JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).scripts ?? {});
    expect(scripts.filter((name) => /install/.test(name))).toEqual([]);
    const info = JSON.parse(execFileSync(join(prefix, 'bin', 'nettool'), ['info', '--json'], { encoding: 'utf8', env: { ...process.env, NETTOOL_NATIVE: '' } }));
    expect(info.sockets.access).toBe('netlink (native)');
    // netstat itself on the native path: only sock_diag gives a listener's backlog (Send-Q); /proc says 0.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0, backlog: 7 }, resolve));
    try {
      const port = String((server.address() as AddressInfo).port);
      const netstat = promisify(execFile)(join(prefix, 'bin', 'nettool'), ['netstat', '-tln', '--port', port, '--json'], { encoding: 'utf8' });
      expect(JSON.parse((await netstat).stdout)).toMatchObject([{ state: 'LISTEN', sendQ: 7, recvQ: 0 }]);
    } finally {
      server.close();
    }
  }, 120_000);
});
