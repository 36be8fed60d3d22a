/** `nettool ports`: service names ⇄ port numbers. */
import { NettoolError, UsageError } from '../errors.js';
import type { ServiceEntry } from '../protocol/services.js';
import { formatJson } from '../render/json.js';
import { formatTable } from '../render/table.js';
import { loadServices } from '../sources/services.js';
import type { CommandContext } from './context.js';

export async function runPorts(context: CommandContext, queries: readonly string[], options: { udp?: boolean }): Promise<void> {
  const { table, source } = loadServices();
  const protocol = options.udp ? 'udp' : 'tcp';
  let entries: ServiceEntry[];
  if (queries.length === 0) {
    entries = table.entries.filter((entry) => entry.protocol === protocol);
  } else {
    entries = [];
    for (const query of queries) {
      if (/^\d+$/.test(query) && (Number(query) < 1 || Number(query) > 65535)) {
        throw new UsageError(`bad port '${query}': use a number from 1 to 65535`);
      }
      // A service that exists only on the other protocol (ntp is udp-only) is still worth showing.
      const found = table.find(query, [protocol]);
      const any = found.length ? found : table.find(query, ['tcp', 'udp', 'sctp', 'ddp']);
      if (any.length === 0) {
        throw new NettoolError(`no service ${/^\d+$/.test(query) ? 'on port' : 'named'} '${query}' in ${source}`);
      }
      entries.push(...any);
    }
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
