/** A root hints file (named.root's master-file form): the root's NS names and their addresses. Pure: text in, servers out. */
import { isIP } from 'node:net';

export interface RootHint {
  /** The server's name, without the final dot. */
  readonly name: string;
  readonly addresses: readonly string[];
}

/** Thrown with the line at fault; the command names the file. */
export class RootHintsError extends Error {
  override readonly name = 'RootHintsError';
}

const bare = (name: string) => (name === '.' ? '.' : name.replace(/\.$/, '').toLowerCase());

/**
 * `. 3600000 NS a.root-servers.net.` and `a.root-servers.net. 3600000 A 198.41.0.4` lines (TTL and
 * class optional, `;` comments); other records are skipped. Servers without an address are left out.
 */
export function parseRootHints(text: string): RootHint[] {
  const names: string[] = [];
  const addresses = new Map<string, string[]>();
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.replace(/;.*$/, '').trim();
    if (line === '' || line.startsWith('$')) continue;
    const fields = line.split(/\s+/).filter((field) => !/^\d+$/.test(field) && field.toUpperCase() !== 'IN');
    if (fields.length !== 3) throw new RootHintsError(`line ${index + 1}: expected NAME [TTL] [IN] TYPE DATA, got '${raw.trim()}'`);
    const [owner, type, data] = fields as [string, string, string];
    switch (type.toUpperCase()) {
      case 'NS':
        if (bare(owner) === '.') names.push(bare(data));
        break;
      case 'A':
      case 'AAAA':
        if (isIP(data) === 0) throw new RootHintsError(`line ${index + 1}: '${data}' is not an address`);
        addresses.set(bare(owner), [...(addresses.get(bare(owner)) ?? []), data]);
        break;
      default:
        break;
    }
  }
  return names.filter((name) => addresses.has(name)).map((name) => ({ name, addresses: addresses.get(name)! }));
}
