/** `nettool ports`: service names ⇄ port numbers, as getent services answers them. */
import { NettoolError, UsageError } from '../errors.js';
import { parseServiceQueries, type ServiceEntry, type ServiceQuery, type ServiceTable } from '../protocol/services.js';
import { formatJson } from '../render/json.js';
import { formatTable } from '../render/table.js';
import { loadServices } from '../sources/services.js';
import type { CommandContext } from './context.js';

const knownProtocols = ['tcp', 'udp', 'sctp', 'ddp'];

function checkPort(text: string): void {
  if (/^\d+$/.test(text) && (Number(text) < 1 || Number(text) > 65535)) throw new UsageError(`bad port '${text}': use a number from 1 to 65535`);
}

/** The entries one query names; a protocol after a slash (`80/tcp`) is the only one looked in. */
function lookUp(table: ServiceTable, source: string, query: ServiceQuery, word: string, protocol: string): ServiceEntry[] {
  if (query.protocol !== undefined && !knownProtocols.includes(query.protocol)) {
    throw new UsageError(`unknown protocol '${query.protocol}' in '${word}': use tcp, udp, sctp or ddp`);
  }
  if (query.kind === 'range') {
    checkPort(String(query.from));
    checkPort(String(query.to));
    if (query.from > query.to) throw new UsageError(`bad range '${word}': ${query.from} is above ${query.to}`);
    const wanted = query.protocol ?? protocol;
    return table.entries.filter((entry) => entry.protocol === wanted && entry.port >= query.from && entry.port <= query.to);
  }
  checkPort(query.key);
  // A service that exists only on the other protocol (ntp is udp-only) is still worth showing, unless one was named.
  const found = table.find(query.key, [query.protocol ?? protocol]);
  const any = found.length || query.protocol !== undefined ? found : table.find(query.key, knownProtocols);
  if (any.length === 0) {
    throw new NettoolError(`no service ${/^\d+$/.test(query.key) ? 'on port' : 'named'} '${query.key}${query.protocol ? `/${query.protocol}` : ''}' in ${source}`);
  }
  return any;
}

export async function runPorts(context: CommandContext, queries: readonly string[], options: { udp?: boolean }): Promise<void> {
  const { table, source } = loadServices();
  const protocol = options.udp ? 'udp' : 'tcp';
  let entries: ServiceEntry[];
  if (queries.length === 0) {
    entries = table.entries.filter((entry) => entry.protocol === protocol);
  } else {
    // A set keeps the first place of each entry: `ports 80 http www` prints http once.
    const found = new Set<ServiceEntry>();
    for (const word of queries) {
      for (const query of parseServiceQueries(word)) for (const entry of lookUp(table, source, query, word, protocol)) found.add(entry);
    }
    entries = [...found];
  }
  if (context.json) {
    context.io.stdout.write(formatJson(entries.map(({ name, port, protocol: p, aliases }) => ({ name, port, protocol: p, aliases }))));
    return;
  }
  const { palette } = context;
  const rows = entries.map((entry) => [
    palette.name(entry.name),
    `${palette.port(String(entry.port))}/${entry.protocol}`,
    palette.dim(entry.aliases.join(' ')),
  ]);
  context.io.stdout.write(formatTable([{ header: 'service' }, { header: 'port' }, { header: 'aliases' }], rows, { noHeader: true }));
}
