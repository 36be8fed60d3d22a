/**
 * netstat --watch: first-frame latency in a pseudo-terminal, CPU over 30 s at --interval 1 with 10,000
 * sockets (5,000 loopback pairs held by a helper), and the cost of one refresh with PIDs against one
 * `ss -tanp` run, interleaved in the same run. Issue 5's goals: first frame ≤ 250 ms after the process
 * starts; < 15% of one core; one refresh ≤ half of one ss -tanp.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { fmt, median, nettool, printTable, root } from './lib.mjs';
import { startHolder } from './netstat.mjs';

/**
 * Runs argv on a pseudo-terminal (160x40, CI=false): the time from fork to the first frame with the
 * table header; then, if asked, the CPU time the process and its children (ss) used over a window.
 * Sends `q` at the end and reports the exit status. Python's pty module: no extra dependency.
 */
const ptyRunner = String.raw`
import fcntl, json, os, pty, select, struct, sys, termios, time
argv, warmup, window = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
def cpu(pid):
    fields = open('/proc/%d/stat' % pid).read().rsplit(')', 1)[1].split()
    return int(fields[11]) + int(fields[12]), int(fields[13]) + int(fields[14])
t0 = time.monotonic()
pid, fd = pty.fork()
if pid == 0:
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 160, 0, 0))
    os.environ['CI'] = 'false'
    os.execvp(argv[0], argv)
seen, first, start, end = b'', None, None, None
while True:
    now = time.monotonic() - t0
    if first is None and now > 30: break
    if first is not None and window == 0: break
    if first is not None and start is None and now >= first + warmup: start = (now, cpu(pid))
    if start is not None and now >= start[0] + window: end = (now, cpu(pid)); break
    ready, _, _ = select.select([fd], [], [], 0.02)
    if ready:
        try: data = os.read(fd, 1 << 16)
        except OSError: break
        if first is None:
            seen += data
            if b'Proto' in seen: first = time.monotonic() - t0
os.write(fd, b'q')
deadline = time.monotonic() + 10
status = None
while time.monotonic() < deadline:
    try: os.read(fd, 1 << 16)
    except OSError: pass
    done, status = os.waitpid(pid, os.WNOHANG)
    if done: break
    time.sleep(0.02)
else:
    os.kill(pid, 9); os.waitpid(pid, 0)
ticks = os.sysconf('SC_CLK_TCK')
out = {'firstMs': first and first * 1000, 'exit': status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status)}
if start and end:
    secs = end[0] - start[0]
    out['seconds'] = secs
    out['selfCore'] = (end[1][0] - start[1][0]) / ticks / secs
    out['childrenCore'] = (end[1][1] - start[1][1]) / ticks / secs
print(json.dumps(out))
`;

function onPty(argv, { warmup = 0, window = 0 } = {}) {
  const result = spawnSync('python3', ['-c', ptyRunner, JSON.stringify(argv), String(warmup), String(window)], {
    encoding: 'utf8',
    timeout: (window + warmup + 60) * 1000,
  });
  if (result.status !== 0) throw new Error(`pty runner failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').pop());
}

const watchArgv = (interval = '1') => [process.execPath, nettool, 'netstat', '--watch', '--interval', interval];

/** Wall time of `node -e 0` on the same pty path, the floor any Node program pays. */
function firstFrames(label, runs) {
  const frames = [];
  const floor = [];
  for (let i = 0; i < runs; i++) {
    const view = onPty(watchArgv());
    if (view.exit !== 0) throw new Error(`netstat --watch exited ${view.exit}`);
    frames.push(view.firstMs);
    const start = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    floor.push(performance.now() - start);
  }
  const ms = median(frames);
  return [label, fmt(ms), fmt(median(floor)), ms <= 250 ? 'met' : `missed by ${fmt(ms - 250)} ms`];
}

/**
 * The feed's modules, bundled from src/ so one refresh can be timed in this process: CommonJS under
 * dist/ (two folders below the package, as dist/commands/), so that it finds the native addon as
 * netstat does.
 */
async function loadFeed() {
  const outfile = join(root, 'dist', 'bench', 'feed.cjs');
  await build({
    stdin: {
      contents: [
        "export { createWatchFeed, readInterfaceByteCounters } from './src/sources/watch-feed.ts';",
        "export { createProcConnectionSource } from './src/sources/connections.ts';",
        "export { createConnectionSource } from './src/sources/sock-diag-source.ts';",
        "export { readTcpCounters } from './src/sources/tcp-counters.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return import(outfile);
}

/** Clock ticks of CPU used by this process's reaped children (ss), from /proc/self/stat. */
function childTicks() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return Number(fields[13]) + Number(fields[14]);
}

/** `native`: sock_diag with tcp_info in the same dump, as the view runs now; else /proc and ss -tine children (the fallback). */
async function refreshCost(feedModule, runs, native) {
  const { createWatchFeed, createConnectionSource, createProcConnectionSource, readTcpCounters, readInterfaceByteCounters } = feedModule;
  const ownerIndex = { fullPassEvery: 5 };
  const feed = createWatchFeed({
    // As the view sets it up (commands/netstat-watch.ts): full owner passes at most every 5th refresh.
    source: native ? createConnectionSource({ ownerIndex }) : createProcConnectionSource({ ownerIndex }),
    filter: { families: new Set(['tcp', 'udp']), listening: 'all', states: null, ports: null },
    tcpCounters: (filter) => readTcpCounters({ filter }),
    interfaceCounters: () => readInterfaceByteCounters(),
    now: Date.now,
  });
  // The first refreshes build the inode→PID index; the view pays that once, at start.
  let rows = [];
  for (let i = 0; i < 2; i++) rows = (await feed.next()).rows;
  // What a 160x40 screen shows (34 rows): the view asks ss for those only, unless sorted by rate or grouped.
  const onScreen = {
    kind: 'ports',
    pairs: rows
      .filter((r) => r.connection.proto.startsWith('tcp') && r.connection.state === 'ESTABLISHED')
      .slice(0, 34)
      .map((r) => ({ localPort: r.connection.local.port, remotePort: r.connection.remote.port })),
  };
  const cases = { screen: onScreen, all: { kind: 'all' } };
  const wall = { screen: [], all: [], ss: [] };
  const cpu = { screen: 0, all: 0, ss: 0 };
  for (let i = 0; i < runs; i++) {
    for (const [name, scope] of Object.entries(cases)) {
      const ticks = childTicks();
      const usage = process.cpuUsage();
      const start = performance.now();
      await feed.next(scope);
      wall[name].push(performance.now() - start);
      const own = process.cpuUsage(usage);
      cpu[name] += (own.user + own.system) / 1000 + (childTicks() - ticks) * 10;
    }
    const ticks = childTicks();
    const start = performance.now();
    const ss = spawnSync('ss', ['-tanp'], { stdio: ['ignore', 'ignore', 'ignore'] });
    wall.ss.push(performance.now() - start);
    if (ss.status !== 0) throw new Error(`ss -tanp exited ${ss.status}`);
    cpu.ss += (childTicks() - ticks) * 10;
  }
  const result = (name) => ({ wall: median(wall[name]), cpu: cpu[name] / runs });
  return { rows: rows.length, screen: result('screen'), all: result('all'), ss: result('ss') };
}

async function measure({ pairs = 5000, frameRuns = 7, refreshRuns = 15, cpuSeconds = 30 } = {}) {
  const frameRows = [['sockets', 'first frame ms (median)', 'node -e 0 ms', 'goal ≤ 250 ms']];
  frameRows.push(firstFrames('none (lo only, before the holder)', frameRuns));
  const holder = await startHolder(pairs);
  try {
    frameRows.push(firstFrames(`${2 * pairs} loopback (held)`, frameRuns));
    printTable(`netstat --watch: first frame on a 160x40 pty, from fork (${frameRuns} runs each)`, frameRows);

    const feedModule = await loadFeed();
    for (const native of [true, false]) {
      const cost = await refreshCost(feedModule, refreshRuns, native);
      const line = (label, m) => [label, fmt(m.wall), fmt(m.cpu), (m.wall / cost.ss.wall).toFixed(2), (m.cpu / cost.ss.cpu).toFixed(2)];
      const how = native ? 'sock_diag with tcp_info, no children' : '/proc and ss -tine children (the fallback)';
      printTable(`one refresh with PIDs and rates (${cost.rows} rows; ${how}) against one ss -tanp (median of ${refreshRuns}, interleaved)`, [
        ['', 'wall ms', 'CPU ms (own + children)', 'wall / ss -tanp', 'CPU / ss -tanp'],
        line('refresh, rates of the rows on screen (the view)', cost.screen),
        line('refresh, rates of every socket (sorted by rate, grouped)', cost.all),
        line('ss -tanp', cost.ss),
      ]);
    }
    console.log('\ngoal: one refresh ≤ 0.50 of one ss -tanp');

    const run = onPty(watchArgv('1'), { warmup: 3, window: cpuSeconds });
    if (run.exit !== 0) throw new Error(`netstat --watch exited ${run.exit}`);
    const total = run.selfCore + run.childrenCore;
    printTable(`netstat --watch --interval 1 for ${run.seconds.toFixed(1)} s with ${2 * pairs} sockets: CPU as a share of one core`, [
      ['process', 'share of one core'],
      ['nettool', `${(run.selfCore * 100).toFixed(1)}%`],
      ['its children (ss -tine on the /proc fallback only)', `${(run.childrenCore * 100).toFixed(1)}%`],
      ['together (goal < 15%)', `${(total * 100).toFixed(1)}% ${total < 0.15 ? 'met' : `missed by ${((total - 0.15) * 100).toFixed(1)} points`}`],
    ]);
  } finally {
    await holder.stop();
  }
}

/**
 * Runs `measure` in a fresh network namespace with only lo (as bench/netstat.mjs does), so that the
 * table holds the holder's sockets and not those of whatever else runs on the host; processes (and
 * their fds, which the owner scan reads) are still the host's.
 */
export default async function watch(options = {}) {
  const self = fileURLToPath(import.meta.url);
  const probe = spawnSync('unshare', ['--net', 'sh', '-c', 'ip link set lo up'], { stdio: 'ignore' });
  if (probe.status !== 0) {
    console.log('\n(watch: no network namespace available; measuring in the host namespace, among its other sockets)');
    await measure(options);
    return;
  }
  const script = 'ip link set lo up && exec "$0" "$@"';
  const child = spawn('unshare', ['--net', 'sh', '-c', script, process.execPath, self, '--measure-watch', JSON.stringify(options)], { stdio: 'inherit' });
  const code = await new Promise((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`watch bench exited ${code}`);
}

if (process.argv[2] === '--measure-watch') {
  console.log('\n(watch: measured in a network namespace of its own, lo only)');
  await measure(JSON.parse(process.argv[3] ?? '{}'));
}
