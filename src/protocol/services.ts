/** The services database (/etc/services format): parsing and look-ups. Pure: text in, entries out. */

export type Transport = 'tcp' | 'udp' | 'sctp' | 'ddp';

export interface ServiceEntry {
  readonly name: string;
  readonly port: number;
  readonly protocol: string;
  readonly aliases: readonly string[];
}

/** `name  port/protocol  [aliases...]  [# comment]`, one per line; malformed lines are skipped, as getservent(3) does. */
export function parseServices(text: string): ServiceEntry[] {
  const entries: ServiceEntry[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [name, portProto, ...aliases] = line.split(/\s+/);
    const match = /^(\d{1,5})\/([a-z0-9]+)$/i.exec(portProto ?? '');
    if (!name || !match) continue;
    const port = Number(match[1]);
    if (port > 65535) continue;
    entries.push({ name, port, protocol: match[2]!.toLowerCase(), aliases });
  }
  return entries;
}

export class ServiceTable {
  // Built on first use: `nettool ports 443` only filters, and start-up time matters.
  private indexes: { byName: Map<string, ServiceEntry>; byPort: Map<string, ServiceEntry> } | undefined;

  constructor(readonly entries: readonly ServiceEntry[]) {}

  private get index() {
    if (this.indexes) return this.indexes;
    const byName = new Map<string, ServiceEntry>();
    const byPort = new Map<string, ServiceEntry>();
    for (const entry of this.entries) {
      for (const name of [entry.name, ...entry.aliases]) {
        const key = `${name.toLowerCase()}/${entry.protocol}`;
        if (!byName.has(key)) byName.set(key, entry);
      }
      const portKey = `${entry.port}/${entry.protocol}`;
      if (!byPort.has(portKey)) byPort.set(portKey, entry);
    }
    this.indexes = { byName, byPort };
    return this.indexes;
  }

  /** The port of a service name or alias (`www` → 80). */
  portOf(name: string, protocol: string): number | undefined {
    return this.index.byName.get(`${name.toLowerCase()}/${protocol}`)?.port;
  }

  /** The first name listed for a port, as getservbyport(3) answers. */
  nameOf(port: number, protocol: string): string | undefined {
    return this.index.byPort.get(`${port}/${protocol}`)?.name;
  }

  /** Every entry whose port, name or alias matches `query`, for the given protocols. */
  find(query: string, protocols: readonly string[]): ServiceEntry[] {
    const wanted = query.toLowerCase();
    const isNumber = /^\d+$/.test(wanted);
    return this.entries.filter(
      (entry) =>
        protocols.includes(entry.protocol) &&
        (isNumber
          ? entry.port === Number(wanted)
          : entry.name.toLowerCase() === wanted || entry.aliases.some((alias) => alias.toLowerCase() === wanted)),
    );
  }
}

/** One word of a `ports` query: a name or number, a `/protocol` after it (getent's `80/tcp`), or a range. */
export type ServiceQuery =
  | { readonly kind: 'one'; readonly key: string; readonly protocol?: string }
  | { readonly kind: 'range'; readonly from: number; readonly to: number; readonly protocol?: string };

/** `80`, `ssh`, `80/tcp`, `ssh/udp`, `20-25`, `20-25/udp`; a list `22,80,443` gives one query per item. */
export function parseServiceQueries(text: string): ServiceQuery[] {
  const slash = text.lastIndexOf('/');
  const protocol = slash > 0 ? text.slice(slash + 1).toLowerCase() : undefined;
  const body = slash > 0 ? text.slice(0, slash) : text;
  return body
    .split(',')
    .filter((item) => item !== '')
    .map((item): ServiceQuery => {
      const range = /^(\d+)-(\d+)$/.exec(item);
      if (range) return { kind: 'range', from: Number(range[1]), to: Number(range[2]), ...(protocol ? { protocol } : {}) };
      return { kind: 'one', key: item, ...(protocol ? { protocol } : {}) };
    });
}
