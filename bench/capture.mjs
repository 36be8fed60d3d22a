/**
 * capture: a bounded loopback UDP flood (COUNT 64-byte datagrams from one sender written in C, compiled
 * here with gcc, sending as fast as it can) in a network namespace of its own, captured on lo by tcpdump and by nettool, one at a time,
 * interleaved. Per run: the share of packets the kernel dropped (what the capturer did not read in
 * time), packets handled per CPU-second of the capturer (the machine is shared, so CPU time says more
 * than wall time), and peak RSS. Goals: nettool -w drops no larger a share than tcpdump -w; text to
 * /dev/null ≥ 0.5 × tcpdump -n's packets per CPU-second; peak RSS under 100 MB.
 * Text output is formatted even for /dev/null (nettool does not skip it), as tcpdump formats it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, nettool, printTable, ratio } from './lib.mjs';

/** The sender: binds the receiving port too (so no ICMP unreachable doubles the traffic), never reads it. */
const senderSource = `
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
int main(int argc, char **argv) {
  long count = atol(argv[1]);
  struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons(9999)};
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  int sink = socket(AF_INET, SOCK_DGRAM, 0), s = socket(AF_INET, SOCK_DGRAM, 0);
  if (bind(sink, (struct sockaddr *)&to, sizeof to) || connect(s, (struct sockaddr *)&to, sizeof to)) return perror("socket"), 1;
  char payload[64] = {0};
  struct timespec a, b;
  clock_gettime(CLOCK_MONOTONIC, &a);
  for (long i = 0; i < count; i++) if (send(s, payload, sizeof payload, 0) < 0) return perror("send"), 1;
  clock_gettime(CLOCK_MONOTONIC, &b);
  printf("SENT %ld %f\\n", count, (b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9);
  return 0;
}
`;

const count = Number(process.env.CAPTURE_COUNT ?? 200_000);
const rounds = Number(process.env.CAPTURE_ROUNDS ?? 3);
const filter = 'udp dst port 9999';
const node = `${process.execPath} ${nettool}`;

const cases = {
  'tcpdump -w': (dir) => `tcpdump -i lo -w ${dir}/td.pcap ${filter}`,
  'nettool capture -w': (dir) => `${node} capture -i lo -w ${dir}/nt.pcap ${filter}`,
  'tcpdump -n > /dev/null': () => `tcpdump -n -i lo ${filter} >/dev/null`,
  'nettool capture > /dev/null': () => `${node} capture -i lo ${filter} >/dev/null`,
};

function runOnce(command, dir) {
  const script = `
set -u
ip link set lo up
/usr/bin/time -f "TIME %e %U %S %M" -o ${dir}/time sh -c 'exec ${command}' 2>${dir}/err & T=$!
for _ in $(seq 400); do grep -q 'listening on' ${dir}/err 2>/dev/null && break; sleep 0.05; done
${dir}/flood ${count}
# Longer than tcpdump's 1 s block timeout: both get to read what the kernel holds before Ctrl-C.
sleep 1.5
kill -INT $(pgrep -P $T) 2>/dev/null
wait $T
cat ${dir}/err ${dir}/time
`;
  const result = spawnSync('unshare', ['-n', 'bash', '-c', script], { encoding: 'utf8', timeout: 120_000 });
  const text = `${result.stdout}\n${result.stderr}`;
  const number = (pattern) => Number(pattern.exec(text)?.[1] ?? NaN);
  const time = /TIME (\S+) (\S+) (\S+) (\d+)/.exec(text);
  if (!time) throw new Error(`no timing from ${command}:\n${text}`);
  const captured = number(/(\d+) packets? captured/);
  const received = number(/(\d+) packets? received by filter/);
  const dropped = number(/(\d+) packets? dropped by kernel/);
  const sendSeconds = number(/SENT \d+ (\S+)/);
  const cpu = Number(time[2]) + Number(time[3]);
  return { captured, received, dropped, dropShare: dropped / Math.max(received, 1), perCpuSecond: captured / cpu, rssMiB: Number(time[4]) / 1024, sendRate: count / sendSeconds };
}

export default async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'nettool-bench-capture-'));
  writeFileSync(join(dir, 'flood.c'), senderSource);
  const gcc = spawnSync('gcc', ['-O2', '-o', join(dir, 'flood'), join(dir, 'flood.c')], { encoding: 'utf8' });
  if (gcc.status !== 0) throw new Error(`gcc failed: ${gcc.stderr}`);
  const samples = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, command] of Object.entries(cases)) samples[name].push(runOnce(command(dir), dir));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const med = (name, key) => median(samples[name].map((s) => s[key]));
  const rows = [['capturer', 'captured', 'dropped share', 'packets / CPU-s', 'peak RSS MiB', 'sender datagrams/s']];
  for (const name of Object.keys(cases)) {
    rows.push([
      name,
      samples[name].map((s) => s.captured).join(', '),
      samples[name].map((s) => `${(100 * s.dropShare).toFixed(1)} %`).join(', '),
      Math.round(med(name, 'perCpuSecond')).toLocaleString('en'),
      med(name, 'rssMiB').toFixed(1),
      Math.round(med(name, 'sendRate')).toLocaleString('en'),
    ]);
  }
  printTable(`capture: ${count.toLocaleString('en')} × 64-byte UDP datagrams on lo, ${rounds} interleaved rounds (medians where one figure)`, rows);
  console.log(`\nnettool -w drop share: ${samples['nettool capture -w'].map((s) => (100 * s.dropShare).toFixed(1)).join(', ')} % vs tcpdump -w ${samples['tcpdump -w'].map((s) => (100 * s.dropShare).toFixed(1)).join(', ')} %`);
  console.log(`text to /dev/null, packets per CPU-second: nettool / tcpdump -n = ${ratio(med('nettool capture > /dev/null', 'perCpuSecond'), med('tcpdump -n > /dev/null', 'perCpuSecond'))} (goal ≥ 0.5)`);
  console.log(`peak RSS: nettool -w ${med('nettool capture -w', 'rssMiB').toFixed(1)} MiB, text ${med('nettool capture > /dev/null', 'rssMiB').toFixed(1)} MiB (goal < 100)`);
}
