/** Port lists as nc, nmap and people type them: `22,80,8000-8100,https`, `-` for all. Pure: names resolve through an injected look-up. */
import { UsageError } from '../errors.js';
import { parsePort, type ServiceLookup } from './address.js';

export interface PortListOptions {
  readonly lookup?: ServiceLookup;
  readonly protocol?: 'tcp' | 'udp';
}

const allPorts = (): number[] => Array.from({ length: 65535 }, (_, i) => i + 1);

/** One list item: a port, a service name, `LOW-HIGH` (either end may be left out, as nmap allows), or `-`. */
function parseItem(item: string, options: PortListOptions): number[] {
  if (item === '-') return allPorts();
  const range = /^(\d*)-(\d*)$/.exec(item);
  if (!range) return [parsePort(item, { lookup: options.lookup, protocol: options.protocol })];
  const low = range[1] === '' ? 1 : parsePort(range[1]!);
  const high = range[2] === '' ? 65535 : parsePort(range[2]!);
  if (low > high) throw new UsageError(`bad port range '${item}': it runs backwards; write ${high}-${low}`);
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/**
 * Every port the words name, ascending and each once. Words may hold comma-separated items, and
 * several words are read as one list (`nc -z host 22 80`). An empty list or a bad item is a usage
 * error that quotes the item.
 */
export function parsePortList(words: readonly string[], options: PortListOptions = {}): number[] {
  const wanted = new Uint8Array(65536);
  let items = 0;
  for (const word of words) {
    for (const raw of word.split(',')) {
      const item = raw.trim();
      if (item === '') {
        if (word.trim() === '') continue;
        throw new UsageError(`bad port list '${word}': an empty item between commas`);
      }
      items++;
      for (const port of parseItem(item, options)) wanted[port] = 1;
    }
  }
  if (items === 0) throw new UsageError('no ports given: name ports, ranges or services, e.g. 22,80,8000-8100,https (or - for all)');
  const ports: number[] = [];
  for (let port = 1; port <= 65535; port++) if (wanted[port]) ports.push(port);
  return ports;
}
