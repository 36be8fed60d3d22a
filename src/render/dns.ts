/** `nettool dns` output: dig-like sections, dig +short lines, the JSON of SPEC "dns", and the --compare table. */
import type { DigSections } from '../protocol/dig-options.js';
import { formatDigQuestion, formatDigRecord } from './dig-lines.js';
import type { Palette } from './palette.js';
import { formatTable } from './table.js';

export interface DnsRecordView {
  readonly name: string;
  readonly type: string;
  /** Null where the source has no TTL (getaddrinfo). */
  readonly ttl: number | null;
  readonly class: string;
  readonly data: string;
}

/** One answered query; also the JSON object of SPEC "dns", field for field. */
export interface DnsAnswerView {
  readonly name: string;
  readonly type: string;
  readonly server: string;
  readonly protocol: string;
  readonly status: string;
  readonly flags: readonly string[];
  readonly timeMs: number;
  readonly answers: readonly DnsRecordView[];
  readonly authority: readonly DnsRecordView[];
  readonly additional: readonly DnsRecordView[];
  /** The question's class when it is not IN (`CH`). */
  readonly class?: string;
  /** The server's NSID (RFC 5001) for +nsid, as dig shows it: `6e 73 31 ("ns1")`. */
  readonly nsid?: string;
}

function colourStatus(status: string, palette: Palette): string {
  if (status === 'NOERROR') return palette.ok(status);
  return status === 'NXDOMAIN' ? palette.warn(status) : palette.error(status);
}

function colourData(record: DnsRecordView, palette: Palette): string {
  return record.type === 'A' || record.type === 'AAAA' ? palette.address(record.data) : record.data;
}

/** A header like dig's, then ANSWER/AUTHORITY/ADDITIONAL, each left out when empty (as dig does). */
export function formatDnsAnswer(view: DnsAnswerView, palette: Palette): string {
  const lines = [
    `;; ${palette.name(view.name)} ${palette.kind(view.type, view.type)} from ${palette.address(view.server)} (${view.protocol}) in ${Math.round(view.timeMs)} ms`,
    `;; status: ${colourStatus(view.status, palette)}, flags: ${view.flags.join(' ') || '(none)'}; answer: ${view.answers.length}, authority: ${view.authority.length}, additional: ${view.additional.length}`,
  ];
  if (view.nsid !== undefined) lines.push(`; NSID: ${view.nsid}`);
  const sections = [['ANSWER', view.answers], ['AUTHORITY', view.authority], ['ADDITIONAL', view.additional]] as const;
  const all = sections.flatMap(([, records]) => records);
  // One table across the sections so that every column lines up in the block.
  const rows = formatTable(
    [{ header: 'name' }, { header: 'ttl', align: 'right' }, { header: 'class' }, { header: 'type' }, { header: 'data' }],
    all.map((r) => [r.name, r.ttl === null ? '-' : String(r.ttl), r.class, palette.kind(r.type, r.type), colourData(r, palette)]),
    { noHeader: true },
  ).split('\n');
  let next = 0;
  for (const [title, records] of sections) {
    if (records.length === 0) continue;
    lines.push('', `;; ${palette.heading(`${title} SECTION:`)}`, ...rows.slice(next, next + records.length));
    next += records.length;
  }
  return `${lines.join('\n')}\n`;
}

/** dig's section selection (`+noall +answer`, `+nostats`...): the parts asked for, records in dig's own line layout. */
export function formatDnsSections(views: readonly DnsAnswerView[], sections: DigSections, palette: Palette): string {
  const blocks = views.map((view) => {
    const lines: string[] = [];
    if (sections.stats) lines.push(`;; ${palette.name(view.name)} ${palette.kind(view.type, view.type)} from ${palette.address(view.server)} (${view.protocol}) in ${Math.round(view.timeMs)} ms`);
    if (sections.comments) {
      lines.push(`;; status: ${colourStatus(view.status, palette)}, flags: ${view.flags.join(' ') || '(none)'}; answer: ${view.answers.length}, authority: ${view.authority.length}, additional: ${view.additional.length}`);
      if (view.nsid !== undefined) lines.push(`; NSID: ${view.nsid}`);
    }
    const parts: [string, string[]][] = [];
    if (sections.question) parts.push(['QUESTION', [formatDigQuestion(view.name, view.class ?? 'IN', view.type)]]);
    const records = [['ANSWER', sections.answer, view.answers], ['AUTHORITY', sections.authority, view.authority], ['ADDITIONAL', sections.additional, view.additional]] as const;
    for (const [title, wanted, list] of records) if (wanted && list.length) parts.push([title, list.map(formatDigRecord)]);
    for (const [title, body] of parts) {
      if (sections.comments) lines.push('', `;; ${palette.heading(`${title} SECTION:`)}`);
      lines.push(...body);
    }
    return lines.length ? `${lines.join('\n')}\n` : '';
  });
  // As dig: with the framing on, a blank line between queries; answer lines alone run on.
  return blocks.filter(Boolean).join(sections.comments || sections.stats ? '\n' : '');
}

export function formatDnsAnswers(views: readonly DnsAnswerView[], palette: Palette): string {
  return views.map((view) => formatDnsAnswer(view, palette)).join('\n');
}

/** dig +short: the answer section's data, one record a line, nothing else. */
export function formatDnsShort(views: readonly DnsAnswerView[]): string {
  return views.flatMap((view) => view.answers.map((record) => `${record.data}\n`)).join('');
}

/** One source's side of a --compare row: its records, or why there are none. */
export type CompareCell =
  | { readonly kind: 'answer'; readonly status: string; readonly data: readonly string[] }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'not-asked'; readonly reason: string };

export interface CompareRow {
  readonly name: string;
  readonly type: string;
  readonly cells: readonly CompareCell[];
}

function cellKey(cell: CompareCell): string | null {
  if (cell.kind === 'not-asked') return null;
  if (cell.kind === 'error') return 'error';
  return `${cell.status}|${[...cell.data].sort().join('\n')}`;
}

/** Sources that answered disagree on the status or on the set of records (order and TTL aside). */
export function rowDiffers(row: CompareRow): boolean {
  return new Set(row.cells.map(cellKey).filter((key) => key !== null)).size > 1;
}

export function formatCompare(sources: readonly string[], rows: readonly CompareRow[], palette: Palette): string {
  const tableRows: string[][] = [];
  for (const row of rows) {
    const differs = rowDiffers(row);
    const everywhere = (value: string) => row.cells.every((c) => c.kind !== 'answer' || c.data.includes(value));
    const lines = row.cells.map((cell): string[] => {
      if (cell.kind === 'not-asked') return [palette.dim(cell.reason)];
      if (cell.kind === 'error') return [palette.error(cell.message)];
      if (cell.data.length === 0) return [colourStatus(cell.status, palette)];
      // A record some source lacks is starred, so the eye finds the difference.
      return [...cell.data].sort().map((value) => (everywhere(value) ? value : palette.warn(`${value} *`)));
    });
    const height = Math.max(...lines.map((l) => l.length));
    for (let i = 0; i < height; i++) {
      const first = i === 0;
      tableRows.push([
        first ? row.name : '',
        first ? palette.kind(row.type, row.type) : '',
        ...lines.map((cellLines) => cellLines[i] ?? ''),
        first ? (differs ? palette.warn('differ') : palette.ok('same')) : '',
      ]);
    }
  }
  return formatTable(
    [{ header: 'name' }, { header: 'type' }, ...sources.map((header) => ({ header })), { header: '' }],
    tableRows,
    { styleHeader: palette.heading },
  );
}

/** --compare --json: each row with `differ` and its sources by name. */
export function compareJson(sources: readonly string[], rows: readonly CompareRow[]) {
  return rows.map((row) => ({
    name: row.name,
    type: row.type,
    differ: rowDiffers(row),
    sources: row.cells.map((cell, i) => ({ server: sources[i], ...cell })),
  }));
}
