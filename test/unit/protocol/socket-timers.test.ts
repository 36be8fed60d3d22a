import { describe, expect, it } from 'vitest';
import { formatSocketTimer, parseSocketTimers, timerKey } from '../../../src/protocol/socket-timers.js';

// /proc/net/tcp lines (little-endian host): listen with no timer, a keepalive, a TIME_WAIT, a retransmit.
const tcp = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1062 1 0000000000000000 100 0 0 10 0',
  '   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 02:0000AFC8 00000000  1000        0 5001 1 0000000000000000 20 4 30 10 -1',
  '   2: 0100007F:C351 0100007F:1F90 06 00000000:00000000 03:000016F3 00000000     0        0 0 3 0000000000000000',
  '   3: 0100007F:C352 0100007F:1F91 02 00000000:00000001 01:00000014 00000003     0        2 5002 1 0000000000000000 200 0 0 10 -1',
].join('\n');

const key = (local: number, remote: number) =>
  timerKey({ proto: 'tcp', local: { address: '127.0.0.1', port: local }, remote: { address: remote ? '127.0.0.1' : '0.0.0.0', port: remote } });

describe('parseSocketTimers', () => {
  const timers = parseSocketTimers(tcp, 'tcp', true);

  it.each([
    [8080, 0, 'off (0.00/0/0)'],
    [8080, 50000, 'keepalive (450.00/0/0)'],
    [50001, 8080, 'timewait (58.75/0/0)'],
    [50002, 8081, 'on (0.20/3/2)'],
  ])('%i → %i: %s, as netstat -o prints it', (local, remote, shown) => {
    expect(formatSocketTimer(timers.get(key(local, remote)))).toBe(shown);
  });

  it('a socket it has no line for shows -', () => {
    expect(formatSocketTimer(timers.get(key(1, 2)))).toBe('-');
  });
});
