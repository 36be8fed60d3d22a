/** Protocol counters as netstat -s shows them, the ones looked for first at the top. Strings only. */
import { describeCounter, headlineCounters, type CounterGroups } from '../protocol/net-statistics.js';
import type { Palette } from './palette.js';

export function formatCounters(groups: CounterGroups, palette: Palette): string {
  const headlines: string[] = [];
  for (const key of headlineCounters) {
    const [group = '', name = ''] = key.split('.');
    const value = groups.get(group)?.get(name);
    if (value !== undefined) headlines.push(`    ${describeCounter(key, value)}  ${palette.dim(`(${key})`)}`);
  }
  const lines = headlines.length ? [palette.heading('Looked for first:'), ...headlines] : [];
  for (const [group, counters] of groups) {
    lines.push(palette.heading(`${group}:`));
    for (const [name, value] of counters) lines.push(`    ${describeCounter(`${group}.${name}`, value)}`);
  }
  return `${lines.join('\n')}\n`;
}
