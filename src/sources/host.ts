/** What this host says about itself: name, default gateways, DNS servers. Each read is small and sync. */
import { readFileSync } from 'node:fs';
import { endianness, hostname } from 'node:os';
import { parseResolvConf, type ResolvConf } from '../protocol/resolv-conf.js';
import { parseIPv4Routes, parseIPv6Routes, type DefaultRoute } from '../protocol/routes.js';

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

export function readHostname(): string {
  return hostname();
}

export function readDefaultRoutes(procRoot = '/proc'): DefaultRoute[] {
  const v4 = readOrNull(`${procRoot}/net/route`);
  const v6 = readOrNull(`${procRoot}/net/ipv6_route`);
  return [...(v4 ? parseIPv4Routes(v4, endianness() === 'LE') : []), ...(v6 ? parseIPv6Routes(v6) : [])];
}

export function readResolvConf(path = '/etc/resolv.conf'): ResolvConf {
  return parseResolvConf(readOrNull(path) ?? '');
}
