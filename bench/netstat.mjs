/**
 * netstat with 10,000 established loopback sockets (5,000 pairs held by a helper process):
 * ss, netstat, bare node and nettool timed in the same run, interleaved. Goals (issue 4): the work
 * above node's start-up, nettool − `node -e 0`, at most ss's whole time, for -tan and for -tanp.
 * Also measures the /proc/*\/fd scan with sync calls against fs/promises, in this process.
 * As root it runs in a network namespace of its own (unshare -n), so that other programs' sockets
 * do not change the table being measured; otherwise in the host's, and says so.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readdirSync, readlinkSync } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';
import { fmt, median, nettool, printTable, root, timeInterleaved } from './lib.mjs';

const holderPath = `${root}test/helpers/socket-holder.mjs`;

/** Starts the holder with a raised fd limit (10,000 sockets need more than the usual 1,024); bench/watch.mjs uses it too. */
export async function startHolder(pairs) {
  const script = `ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
  const child = spawn('sh', ['-c', script, process.execPath, holderPath, '--pairs', String(pairs), '--max-seconds', '600'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket holder not ready within 120 s')), 120_000);
    let text = '';
    child.stdout.on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(text.split('\n')[0]));
      }
    });
    child.on('exit', (code) => reject(new Error(`socket holder exited (${code})`)));
  });
  return {
    ready,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', resolve);
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** CPU time (user + sys, ms; GNU time counts in 10 ms steps) and peak resident set (KB) of one run. */
function cpuAndRss(argv) {
  const result = spawnSync('/usr/bin/time', ['-f', '%U %S %M', ...argv], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20 });
  const [user, sys, kb] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { cpu: (user + sys) * 1000, kb };
}

/**
 * CPU time is steadier than wall time while other work shares the cores: `runs` interleaved runs of
 * each command; the mean (the 10 ms steps of GNU time average out), and the largest peak RSS.
 */
function cpuInterleaved(commands, runs) {
  const samples = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
  for (let i = 0; i < runs; i++) for (const [name, argv] of Object.entries(commands)) samples[name].push(cpuAndRss(argv));
  return Object.fromEntries(
    Object.entries(samples).map(([name, list]) => [
      name,
      { cpu: list.reduce((sum, s) => sum + s.cpu, 0) / list.length, kb: Math.max(...list.map((s) => s.kb)) },
    ]),
  );
}

function scanSync() {
  let sockets = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d/.test(pid)) continue;
    let fds;
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:[')) sockets++;
      } catch {}
    }
  }
  return sockets;
}

async function scanAsync() {
  let sockets = 0;
  const pids = (await readdir('/proc')).filter((pid) => /^\d/.test(pid));
  await Promise.all(
    pids.map(async (pid) => {
      let fds;
      try {
        fds = await readdir(`/proc/${pid}/fd`);
      } catch {
        return;
      }
      const links = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
      sockets += links.filter((link) => link.startsWith('socket:[')).length;
    }),
  );
  return sockets;
}

async function measure({ pairs = 5000, runs = 15 } = {}) {
  const holder = await startHolder(pairs);
  try {
    const counted = spawnSync(process.execPath, [nettool, 'netstat', '-tan'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const rows = counted.stdout.split('\n').length - 2;
    const commands = {
      'ss -tan': ['ss', '-tan'],
      'netstat -tan': ['netstat', '-tan'],
      'ss -tanp': ['ss', '-tanp'],
      'netstat -tanp': ['netstat', '-tanp'],
      // The kernel's own cost of the data nettool must read (issue 4 names /proc as the source):
      // cat in C, no parsing, no output. ss asks the kernel over netlink instead.
      'cat /proc/net/tcp /proc/net/tcp6': ['cat', '/proc/net/tcp', '/proc/net/tcp6'],
      'node -e 0': [process.execPath, '-e', '0'],
      'nettool netstat -tan': [process.execPath, nettool, 'netstat', '-tan'],
      'nettool netstat -tanp': [process.execPath, nettool, 'netstat', '-tanp'],
      // The /proc fallback (no addon), in the same run; env(1) costs about 1 ms of exec.
      'nettool netstat -tan (/proc)': ['env', 'NETTOOL_NATIVE=0', process.execPath, nettool, 'netstat', '-tan'],
      'nettool netstat -tanp (/proc)': ['env', 'NETTOOL_NATIVE=0', process.execPath, nettool, 'netstat', '-tanp'],
    };
    const medians = timeInterleaved(commands, runs, { maxBuffer: 64 << 20 });
    const usage = cpuInterleaved(commands, runs);
    const floor = medians['node -e 0'];
    const cpuFloor = usage['node -e 0'].cpu;
    printTable(`netstat: ${rows} TCP rows, ${pairs} loopback pairs held (median of ${runs} interleaved runs each; CPU: mean of ${runs} more)`, [
      ['command', 'median ms', 'above node floor ms', 'CPU ms', 'CPU above floor ms', 'peak RSS MB'],
      ...Object.entries(medians).map(([name, ms]) => [
        name,
        fmt(ms),
        name.startsWith('nettool') ? fmt(ms - floor) : '',
        fmt(usage[name].cpu),
        name.startsWith('nettool') ? fmt(usage[name].cpu - cpuFloor) : '',
        (usage[name].kb / 1024).toFixed(1),
      ]),
    ]);
    const goal = (ours, theirs) => {
      const ratio = (medians[ours] - floor) / medians[theirs];
      return [ours, theirs, ratio.toFixed(2), ratio <= 1 ? 'met' : `missed by ${fmt(medians[ours] - floor - medians[theirs])} ms`];
    };
    printTable('netstat goals: (nettool − node -e 0) / ss whole time, at most 1.00', [
      ['nettool', 'judge', 'ratio', 'goal'],
      goal('nettool netstat -tan', 'ss -tan'),
      goal('nettool netstat -tanp', 'ss -tanp'),
      goal('nettool netstat -tan (/proc)', 'ss -tan'),
      goal('nettool netstat -tanp (/proc)', 'ss -tanp'),
    ]);
    const readFloor = medians['cat /proc/net/tcp /proc/net/tcp6'];
    console.log(`reading /proc/net/tcp{,6} alone (cat): ${fmt(readFloor)} ms = ${(readFloor / medians['ss -tan']).toFixed(2)} × ss -tan's whole time`);
    const cpuRatio = (ours, theirs) => [ours, theirs, ((usage[ours].cpu - cpuFloor) / usage[theirs].cpu).toFixed(2)];
    printTable('the same in CPU time: (nettool − node -e 0) / ss', [
      ['nettool', 'judge', 'ratio'],
      cpuRatio('nettool netstat -tan', 'ss -tan'),
      cpuRatio('nettool netstat -tanp', 'ss -tanp'),
      cpuRatio('nettool netstat -tan (/proc)', 'ss -tan'),
      cpuRatio('nettool netstat -tanp (/proc)', 'ss -tanp'),
    ]);
    printPhases(runs);
    const syncTimes = [];
    const asyncTimes = [];
    for (let i = 0; i < 5; i++) {
      let start = performance.now();
      scanSync();
      syncTimes.push(performance.now() - start);
      start = performance.now();
      await scanAsync();
      asyncTimes.push(performance.now() - start);
    }
    printTable('the /proc/*/fd scan in one process (median of 5, alternating)', [
      ['calls', 'median ms'],
      ['readdirSync + readlinkSync', fmt(median(syncTimes))],
      ['fs/promises readdir + readlink', fmt(median(asyncTimes))],
    ]);
  } finally {
    await holder.stop();
  }
}

/**
 * Where a native netstat's time goes: bench/netstat-phases.ts (the same modules netstat uses, bundled
 * here) run cold, `runs` times each for -tan and -tanp; medians of each phase's CPU time.
 */
async function printPhases(runs) {
  const { build } = await import('esbuild');
  const outfile = `${root}dist/bench/netstat-phases.cjs`;
  await build({ entryPoints: [`${root}bench/netstat-phases.ts`], bundle: true, platform: 'node', target: 'node20', format: 'cjs', minify: true, outfile, logLevel: 'warning' });
  const samples = { '-tan': [], '-tanp': [] };
  for (let i = 0; i < runs; i++) {
    for (const flag of Object.keys(samples)) {
      const run = spawnSync(process.execPath, [outfile, ...(flag === '-tanp' ? ['-p'] : [])], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`netstat-phases ${flag}: ${run.stderr}`);
      samples[flag].push(JSON.parse(run.stdout));
    }
  }
  const phases = ['load addon', 'dump', 'parse', 'owners', 'render'];
  printTable(`native netstat in phases, cold, in one process (CPU ms, median of ${runs} runs each; dump of ${samples['-tan'][0].bytes} bytes)`, [
    ['phase', ...Object.keys(samples)],
    ...phases.map((phase) => [phase, ...Object.values(samples).map((list) => (phase in list[0] ? fmt(median(list.map((s) => s[phase]))) : ''))]),
  ]);
}

/** Runs `measure` in a fresh network namespace with only lo (up), when this user may make one. */
export default async function netstat() {
  const self = fileURLToPath(import.meta.url);
  const script = 'ip link set lo up && exec "$0" "$@"';
  const probe = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    console.log('\n(netstat: no network namespace available; measuring in the host namespace, among its other sockets)');
    await measure();
    return;
  }
  const child = spawn('unshare', ['--net', 'sh', '-c', script, process.execPath, self, '--measure'], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`netstat bench exited ${code}`);
}

// Only when run as the namespace's child itself, not when another bench imports startHolder from here.
if (process.argv[2] === '--measure' && process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log('\n(netstat: measured in a network namespace of its own, lo only)');
  await measure();
}
