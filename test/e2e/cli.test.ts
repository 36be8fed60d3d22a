import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { binPath, runCli } from '../helpers/run-cli.js';

/** The Node built-in modules a run of nettool loaded (process.moduleLoadList at exit), and its exit code. */
function builtinsLoadedBy(args: readonly string[]): { status: number | null; loaded: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'nettool-loaded-'));
  try {
    const preload = join(dir, 'report.cjs');
    const report = join(dir, 'loaded.json');
    writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(process.moduleLoadList)));\n`);
    const { status } = spawnSync(process.execPath, ['-r', preload, binPath, ...args], { stdio: 'ignore', timeout: 10_000 });
    return { status, loaded: JSON.parse(readFileSync(report, 'utf8')) as string[] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('nettool (global behaviour)', () => {
  it('--help lists every command', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['telnet', 'listen', 'udp', 'netstat', 'dns', 'serve', 'rpc', 'scan', 'pickle', 'mp', 'ports', 'capture', 'info']) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('start-up loads only what the command uses: no ES module loader, no TLS, no Ink outside a live view', () => {
    const ports = builtinsLoadedBy(['ports', '443']);
    expect(ports.status).toBe(0);
    // The list is real: the command read /etc/services or its table through fs.
    expect(ports.loaded).toContain('NativeModule fs');
    const unwanted = /^NativeModule (internal\/modules\/esm\/loader|tls|_tls_wrap|https|http)$/;
    expect(ports.loaded.filter((name) => unwanted.test(name))).toEqual([]);
    const version = builtinsLoadedBy(['--version']);
    expect(version.status).toBe(0);
    // --version is answered before commander (which brings child_process) is loaded.
    expect(version.loaded.filter((name) => unwanted.test(name) || name === 'NativeModule child_process')).toEqual([]);
  });

  it.each([
    [['telnet', '--raw', '127.0.0.1', '9']],
    [['listen', '0', '--host', '127.0.0.1']],
    [['udp', 'send', '127.0.0.1', '9', '-w', '0']],
  ])('%j with a directory on stdin (< /tmp) says it cannot read it, exit 1, before any network step', (args) => {
    const directory = openSync(tmpdir(), 'r');
    try {
      const { status, stdout, stderr } = spawnSync(process.execPath, [binPath, ...args], { stdio: [directory, 'pipe', 'pipe'], encoding: 'utf8', timeout: 10_000 });
      expect([status, stdout, stderr]).toEqual([1, '', 'nettool: cannot read stdin: it is a directory (EISDIR)\n']);
    } finally {
      closeSync(directory);
    }
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await runCli(['--version']);
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('each command has help with examples', async () => {
    for (const command of ['telnet', 'listen', 'udp', 'netstat', 'dns', 'serve', 'rpc', 'scan', 'pickle', 'mp', 'ports', 'capture', 'info']) {
      const { code, stdout } = await runCli([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain('Examples:');
      expect(stdout.match(/\$ nettool /g)?.length).toBeGreaterThanOrEqual(2);
    }
  });

  it('help NAME prints what NAME --help prints', async () => {
    const viaHelp = await runCli(['help', 'dns']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toMatch(/^Usage: nettool dns /);
    expect(viaHelp.stdout).toBe((await runCli(['dns', '--help'])).stdout);
  });

  it.each([
    [['--bogus'], /^nettool: unknown option '--bogus'\n$/],
    [['nope'], /^nettool: unknown command 'nope'\n$/],
    [['telnt'], /^nettool: unknown command 'telnt' \(did you mean telnet\?\)\n$/],
    [['help', 'nope'], /^nettool: unknown command 'nope'\n$/],
    [['help', 'dsn'], /^nettool: unknown command 'dsn' \(did you mean dns\?\)\n$/],
    [['dns', '--shrt'], /^nettool: unknown option '--shrt' \(did you mean --short\?\)\n$/],
    [['ports', '--bogus'], /^nettool: unknown option '--bogus'\n$/],
    [['ports', '99999'], /^nettool: bad port '99999'.*\n$/],
    [['ports', '0'], /^nettool: bad port '0'.*\n$/],
  ])('usage error %j exits 2 with one line and no stack', async (args, message) => {
    const { code, stderr, stdout } = await runCli(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('NETTOOL_DEBUG=1 adds the stack to a failure', async () => {
    const { code, stderr } = await runCli(['ports', 'no-such-service-xyz'], { env: { NETTOOL_DEBUG: '1' } });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^nettool: no service named 'no-such-service-xyz'/);
    expect(stderr).toMatch(/\n\s+at /);
  });

  it('colours only when forced on a pipe, never with --no-color', async () => {
    expect((await runCli(['ports', '443'], { env: { NO_COLOR: undefined } })).stdout).not.toContain('\u001b[');
    expect((await runCli(['ports', '443'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout).toContain('\u001b[');
    expect((await runCli(['ports', '443', '--no-color'], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } })).stdout).not.toContain('\u001b[');
  });
});

describe('nettool ports', () => {
  it.each([
    [['443'], /^https\s+443\/tcp/m],
    [['smtp'], /^smtp\s+25\/tcp/m],
    [['http'], /^http\s+80\/tcp/m],
    [['53', '--udp'], /^domain\s+53\/udp/m],
  ])('%j', async (args, expected) => {
    const { code, stdout } = await runCli(['ports', ...args]);
    expect(code).toBe(0);
    expect(stdout).toMatch(expected);
  });

  it('--json gives entries', async () => {
    const { stdout } = await runCli(['--json', 'ports', 'smtp']);
    expect(JSON.parse(stdout)).toEqual([{ name: 'smtp', port: 25, protocol: 'tcp', aliases: expect.any(Array) }]);
  });

  it('lists the table with no argument', async () => {
    const { stdout } = await runCli(['ports']);
    expect(stdout.split('\n').length).toBeGreaterThan(50);
    expect(stdout).toMatch(/^ssh\s+22\/tcp/m);
  });

  it('an unknown name is a failed look-up, exit 1', async () => {
    const { code, stderr } = await runCli(['ports', 'no-such-service-xyz']);
    expect(code).toBe(1);
    expect(stderr).toBe("nettool: no service named 'no-such-service-xyz' in /etc/services\n");
  });
});

describe('nettool info', () => {
  it("shows the host name and lo's 127.0.0.1", async () => {
    const { code, stdout } = await runCli(['info']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Host\s+\S+/m);
    expect(stdout).toMatch(/^lo\s+up\s+\d+\s+00:00:00:00:00:00\s+127\.0\.0\.1\/8$/m);
  });

  it('--json matches what the OS reports', async () => {
    const { stdout } = await runCli(['info', '--json']);
    const info = JSON.parse(stdout);
    const lo = info.interfaces.find((i: { name: string }) => i.name === 'lo');
    expect(lo.addresses).toContainEqual({ address: '127.0.0.1', family: 4, prefix: 8 });
    expect(info.interfaces.map((i: { name: string }) => i.name).sort()).toEqual(expect.arrayContaining(Object.keys(networkInterfaces())));
    expect(Array.isArray(info.dns.nameservers)).toBe(true);
    expect(Array.isArray(info.gateways)).toBe(true);
  });
});
