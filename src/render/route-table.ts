/** The routing tables in netstat -rn's columns (and -6's). Strings only. */
import type { Ipv4Route, Ipv6Route } from '../protocol/route-table.js';
import type { Palette } from './palette.js';
import { formatTable } from './table.js';

export function formatIpv4Routes(routes: readonly Ipv4Route[], palette: Palette): string {
  const rows = routes.map((r) => [palette.address(r.destination), palette.address(r.gateway), r.genmask, r.flags, String(r.mss), String(r.window), String(r.irtt), palette.name(r.interface)]);
  const right = { align: 'right' } as const;
  const table = formatTable(
    [{ header: 'Destination' }, { header: 'Gateway' }, { header: 'Genmask' }, { header: 'Flags' }, { header: 'MSS', ...right }, { header: 'Window', ...right }, { header: 'irtt', ...right }, { header: 'Iface' }],
    rows,
    { styleHeader: palette.heading },
  );
  return `Kernel IP routing table\n${table}`;
}

export function formatIpv6Routes(routes: readonly Ipv6Route[], palette: Palette): string {
  const rows = routes.map((r) => [palette.address(r.destination), palette.address(r.nextHop), r.flags, String(r.metric), String(r.ref), String(r.use), palette.name(r.interface)]);
  const right = { align: 'right' } as const;
  const table = formatTable(
    [{ header: 'Destination' }, { header: 'Next Hop' }, { header: 'Flag' }, { header: 'Met', ...right }, { header: 'Ref', ...right }, { header: 'Use', ...right }, { header: 'If' }],
    rows,
    { styleHeader: palette.heading },
  );
  return `Kernel IPv6 routing table\n${table}`;
}
