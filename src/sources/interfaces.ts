/** Network interfaces: addresses from the OS, MTU/state/MAC/counters from /sys/class/net on Linux. */
import { readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

export interface InterfaceAddress {
  readonly address: string;
  readonly family: 4 | 6;
  /** Prefix length, as in `127.0.0.1/8`. */
  readonly prefix: number | null;
}

export interface InterfaceCounters {
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly rxPackets: number;
  readonly txPackets: number;
  readonly rxErrors: number;
  readonly txErrors: number;
  readonly rxDropped: number;
  readonly txDropped: number;
}

export interface InterfaceInfo {
  readonly name: string;
  readonly addresses: readonly InterfaceAddress[];
  readonly mac: string | null;
  readonly mtu: number | null;
  /** IFF_UP: administratively up. */
  readonly up: boolean;
  /** The kernel's operstate (`up`, `down`, `unknown` for loopback, ...), or null off Linux. */
  readonly operstate: string | null;
  readonly counters: InterfaceCounters | null;
}

const IFF_UP = 0x1;

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

function readNumber(path: string): number | null {
  const text = readText(path);
  if (text === null || text === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export function readCounters(name: string, sysRoot = '/sys/class/net'): InterfaceCounters | null {
  const stat = (field: string) => readNumber(join(sysRoot, name, 'statistics', field));
  const rxBytes = stat('rx_bytes');
  if (rxBytes === null) return null;
  return {
    rxBytes,
    txBytes: stat('tx_bytes') ?? 0,
    rxPackets: stat('rx_packets') ?? 0,
    txPackets: stat('tx_packets') ?? 0,
    rxErrors: stat('rx_errors') ?? 0,
    txErrors: stat('tx_errors') ?? 0,
    rxDropped: stat('rx_dropped') ?? 0,
    txDropped: stat('tx_dropped') ?? 0,
  };
}

function listSysInterfaces(sysRoot: string): string[] {
  try {
    return readdirSync(sysRoot);
  } catch {
    return [];
  }
}

/** Every interface, in the kernel's order where /sys tells it (ifindex), else by name. */
export function readInterfaces(sysRoot = '/sys/class/net', { counters = true } = {}): InterfaceInfo[] {
  const osView = networkInterfaces();
  const names = new Set([...listSysInterfaces(sysRoot), ...Object.keys(osView)]);
  // Read each ifindex once, not once per comparison.
  const index = new Map([...names].map((name) => [name, readNumber(join(sysRoot, name, 'ifindex')) ?? Number.MAX_SAFE_INTEGER]));
  return [...names]
    .sort((a, b) => index.get(a)! - index.get(b)! || a.localeCompare(b))
    .map((name) => {
      const addresses = (osView[name] ?? []).map((a) => ({
        address: a.address,
        family: a.family === 'IPv6' ? (6 as const) : (4 as const),
        prefix: a.cidr ? Number(a.cidr.split('/')[1]) : null,
      }));
      const flags = readText(join(sysRoot, name, 'flags'));
      const osMac = osView[name]?.[0]?.mac;
      const mac = readText(join(sysRoot, name, 'address')) || osMac || null;
      return {
        name,
        addresses,
        mac: mac && mac !== '' ? mac : null,
        mtu: readNumber(join(sysRoot, name, 'mtu')),
        up: flags !== null ? (Number.parseInt(flags, 16) & IFF_UP) !== 0 : addresses.length > 0,
        operstate: readText(join(sysRoot, name, 'operstate')),
        counters: counters ? readCounters(name, sysRoot) : null,
      };
    });
}
