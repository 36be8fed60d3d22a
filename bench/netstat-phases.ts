/**
 * One cold netstat -tan(p) in phases, in this process: load the addon, dump, parse, owners, render (CPU ms each).
 * bench/netstat.mjs bundles this file with esbuild and runs it fresh each time (a netstat run is
 * cold: the JIT has not warmed up); prints one JSON line of milliseconds.
 */
import { endianness } from 'node:os';
import { buildConnectionFilter } from '../src/protocol/connection-filter.js';
import { parseInetDiag } from '../src/protocol/sock-diag.js';
import { AF_INET, AF_INET6, inetDumpRequest, IPPROTO_TCP } from '../src/protocol/sock-diag-request.js';
import { formatConnectionTable } from '../src/render/connections.js';
import { plainPalette } from '../src/render/palette.js';
import { loadNativeAddon } from '../src/sources/native-addon.js';
import { SocketOwnerIndex, withOwners } from '../src/sources/socket-owners.js';
import { loadServices } from '../src/sources/services.js';

const owners = process.argv.includes('-p');
const littleEndian = endianness() === 'LE';
const filter = buildConnectionFilter({ tcp: true, all: true });
/** CPU time (user + system) of each phase: steadier than wall time on a shared machine. */
const times: Record<string, number> = {};
const cpu = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let mark = cpu();
const lap = (name: string) => {
  const now = cpu();
  times[name] = now - mark;
  mark = now;
};

const status = loadNativeAddon();
if (status.kind !== 'loaded') throw new Error(status.reason);
lap('load addon');
const dumps = ([AF_INET, AF_INET6] as const).map((family) => status.addon.sockDiag(inetDumpRequest({ family, protocol: IPPROTO_TCP, states: 0xfff & ~1 }, littleEndian)));
lap('dump');
const rows = [...parseInetDiag(dumps[0]!, 'tcp', { littleEndian, filter }).connections, ...parseInetDiag(dumps[1]!, 'tcp6', { littleEndian, filter }).connections];
lap('parse');
const shown = owners ? withOwners(new SocketOwnerIndex(), rows, false).connections : rows;
if (owners) lap('owners');
const services = loadServices().table;
const text = formatConnectionTable(shown, { palette: plainPalette, owners, serviceName: (port, transport) => services.nameOf(port, transport) });
lap('render');
process.stdout.write(`${JSON.stringify({ rows: rows.length, bytes: dumps[0]!.length + dumps[1]!.length, text: text.length, ...times })}\n`);
