/** Socket timers for netstat -o, read from the timer columns of /proc/net/{tcp,tcp6,udp,udp6}. Reads only. */
import { endianness } from 'node:os';
import type { InetProto } from '../protocol/connection.js';
import { parseSocketTimers, type SocketTimer } from '../protocol/socket-timers.js';
import { readTextOrNull } from './read-text.js';

export function readSocketTimers(protos: readonly InetProto[], procRoot = '/proc'): Map<string, SocketTimer> {
  const timers = new Map<string, SocketTimer>();
  for (const proto of protos) {
    const text = readTextOrNull(`${procRoot}/net/${proto}`);
    if (text !== null) for (const [key, timer] of parseSocketTimers(text, proto, endianness() === 'LE')) timers.set(key, timer);
  }
  return timers;
}
