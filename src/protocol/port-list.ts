/** Port lists as people type them: `22,80,8000-8100,https`. Pure; service names through an injected lookup. */
import { UsageError } from '../errors.js';
import { parsePort, type PortOptions } from './address.js';

/** The ports a list names, ascending, each once; `max` bounds how many a list may name. */
export function parsePortList(text: string, options: PortOptions & { readonly max?: number } = {}): number[] {
  const ports = new Set<number>();
  const max = options.max ?? 65535;
  for (const item of text.split(',')) {
    if (item.trim() === '') throw new UsageError(`bad port list '${text}': an empty item`);
    const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(item);
    const [first, last] = range ? [parsePort(range[1]!, options), parsePort(range[2]!, options)] : [parsePort(item, options), parsePort(item, options)];
    if (last < first) throw new UsageError(`bad port range '${item.trim()}': the first port is above the last`);
    for (let port = first; port <= last; port++) ports.add(port);
    if (ports.size > max) throw new UsageError(`port list '${text}' names more than ${max} ports`);
  }
  return [...ports].sort((a, b) => a - b);
}
