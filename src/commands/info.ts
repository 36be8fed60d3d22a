/** `nettool info`: this host's name, interfaces, default gateways and DNS servers. */
import { formatJson } from '../render/json.js';
import { formatTable } from '../render/table.js';
import { readDefaultRoutes, readHostname, readResolvConf } from '../sources/host.js';
import { readInterfaces, type InterfaceInfo } from '../sources/interfaces.js';
import { kernelAccess } from '../sources/kernel-access.js';
import type { CommandContext } from './context.js';

export interface HostInfo {
  readonly hostname: string;
  readonly interfaces: readonly Omit<InterfaceInfo, 'counters'>[];
  /** The default routes of both families, lowest metric first in each: `gateway` null for one straight out of an interface. */
  readonly gateways: readonly { family: 4 | 6; gateway: string | null; interface: string; metric: number }[];
  readonly dns: { readonly nameservers: readonly string[]; readonly search: readonly string[] };
  /** How netstat reads the socket tables, and why. */
  readonly sockets: { readonly access: 'netlink (native)' | '/proc (fallback)'; readonly reason: string };
}

export function collectHostInfo(): HostInfo {
  const { nameservers, search } = readResolvConf();
  return {
    hostname: readHostname(),
    interfaces: readInterfaces(undefined, { counters: false }).map(({ counters: _counters, ...rest }) => rest),
    gateways: readDefaultRoutes(),
    dns: { nameservers, search },
    sockets: ((access) => ({ access: access.method, reason: access.reason }))(kernelAccess()),
  };
}

export function formatHostInfo(info: HostInfo, palette: CommandContext['palette']): string {
  const label = (text: string) => palette.label(text.padEnd(9));
  const lines = [`${label('Host')}${palette.name(info.hostname)}`];
  // `ip route`'s words: `default via 192.0.2.1 dev eth0`, or `default dev wg0` with no next hop.
  for (const family of [4, 6] as const) {
    const routes = info.gateways.filter((g) => g.family === family);
    const text = routes.map((g) => `${g.gateway === null ? '' : `via ${palette.address(g.gateway)} `}dev ${g.interface}${routes.length > 1 ? ` metric ${g.metric}` : ''}`);
    lines.push(`${label(family === 4 ? 'Default' : '')}IPv${family} ${text.length ? text.join(', ') : palette.dim('none')}`);
  }
  lines.push(`${label('DNS')}${info.dns.nameservers.length ? info.dns.nameservers.map(palette.address).join(', ') : palette.dim('none')}`);
  if (info.dns.search.length) lines.push(`${label('Search')}${info.dns.search.join(' ')}`);
  const native = info.sockets.access === 'netlink (native)';
  lines.push(`${label('Sockets')}${native ? palette.ok(info.sockets.access) : palette.warn(info.sockets.access)}: ${palette.dim(info.sockets.reason)}`);
  const rows: string[][] = [];
  for (const iface of info.interfaces) {
    const state = iface.up ? palette.ok('up') : palette.warn('down');
    const addresses = iface.addresses.map((a) => palette.address(a.prefix === null ? a.address : `${a.address}/${a.prefix}`));
    rows.push([palette.name(iface.name), state, iface.mtu === null ? '-' : String(iface.mtu), iface.mac ?? '-', addresses[0] ?? palette.dim('no address')]);
    for (const address of addresses.slice(1)) rows.push(['', '', '', '', address]);
  }
  const table = formatTable(
    [{ header: 'Interface' }, { header: 'State' }, { header: 'MTU', align: 'right' }, { header: 'MAC' }, { header: 'Addresses' }],
    rows,
    { styleHeader: palette.heading },
  );
  return `${lines.join('\n')}\n\n${table}`;
}

export async function runInfo(context: CommandContext): Promise<void> {
  const info = collectHostInfo();
  context.io.stdout.write(context.json ? formatJson(info) : formatHostInfo(info, context.palette));
}
