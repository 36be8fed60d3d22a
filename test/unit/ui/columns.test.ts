import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/render/width.js';
import { formatRate, formatRateCell } from '../../../src/render/rate.js';
import { cellText, columnGap, contentWidths, fitColumns, fitText, formatCompactCount, headerLine, padCell, type ColumnDeclaration } from '../../../src/ui/driver/columns.js';
import { groupColumns, socketColumn, socketColumns } from '../../../src/ui/views/netstat/columns.js';
import { watchRow } from '../../helpers/watch-rows.js';

const context = { ratesAvailable: true, ownersKnown: true };

describe('fitText', () => {
  it.each([
    ['short', 10, 'middle', 'short'],
    ['[2001:db8::1234:5678]:443', 15, 'middle', '[2001:d…78]:443'],
    ['[2001:db8::1234:5678]:443', 14, 'middle', '[2001:d…8]:443'],
    ['1234/postgres: writer', 10, 'end', '1234/post…'],
    ['日本語のプログラム', 7, 'end', '日本語…'],
    ['abc', 1, 'end', '…'],
    ['abc', 0, 'end', ''],
  ] as const)('%j in %i columns (%s) → %j', (text, width, cut, expected) => {
    const fitted = fitText(text, width, cut);
    expect(fitted).toBe(expected);
    expect(displayWidth(fitted)).toBeLessThanOrEqual(width);
  });

  it('pads to the exact width on the column side', () => {
    expect(padCell('42', 6, 'right')).toBe('    42');
    expect(padCell('tcp', 5, 'left')).toBe('tcp  ');
  });
});

describe('column layouts', () => {
  const rows = [
    watchRow({ localAddress: '192.168.100.200', localPort: 54321, remoteAddress: '203.0.113.250', remotePort: 443, pid: 12345, program: 'firefox-esr' }),
    watchRow({ proto: 'tcp6', localAddress: '2001:db8::1234:5678', localPort: 22, remoteAddress: '2001:db8::9', remotePort: 51000 }),
  ];
  const widthOf = (columns: { width: number }[]) => columns.reduce((sum, c) => sum + c.width, 0) + (columns.length - 1) * columnGap.length;

  it.each([40, 60, 80, 100, 120, 160, 240])('fit a %i-column terminal with one column to spare', (width) => {
    const sockets = fitColumns(socketColumns, width, contentWidths(socketColumns, rows, context));
    const groups = fitColumns(groupColumns, width);
    for (const columns of [sockets, groups]) {
      expect(widthOf(columns)).toBeLessThan(width);
      expect(columns.every((c) => c.width > 0)).toBe(true);
    }
  });

  it.each([80, 100, 160])('keeps both ends, the state and the owner whole at %i columns, dropping counters and rates first', (width) => {
    const columns = fitColumns(socketColumns, width, contentWidths(socketColumns, rows, context));
    const ids = columns.map((c) => c.declaration.id);
    expect(ids).toEqual(expect.arrayContaining(['local', 'remote', 'state', 'program']));
    for (const row of rows) {
      for (const column of columns.filter((c) => c.declaration.kind === 'identity')) {
        expect(cellText(column, row, context).trimEnd()).toBe(column.declaration.format(row, context));
      }
    }
    if (width === 160) expect(ids).toEqual(['proto', 'recvQ', 'sendQ', 'local', 'remote', 'state', 'rx', 'tx', 'program']);
    if (width === 80) expect(ids).not.toContain('recvQ');
  });

  it('drops the queue columns, then Proto, then the rates, before any address', () => {
    const short = [watchRow()];
    const at = (width: number) => fitColumns(socketColumns, width, contentWidths(socketColumns, short, context)).map((c) => c.declaration.id);
    expect(at(120)).toEqual(['proto', 'recvQ', 'sendQ', 'local', 'remote', 'state', 'rx', 'tx', 'program']);
    expect(at(90)).toEqual(['proto', 'local', 'remote', 'state', 'rx', 'tx', 'program']);
    expect(at(80)).toEqual(['local', 'remote', 'state', 'rx', 'tx', 'program']);
    expect(at(70)).toEqual(['local', 'remote', 'state', 'program']);
  });

  it('never lets the sort mark take a letter of a header', () => {
    for (const width of [40, 60, 80]) {
      const columns = fitColumns(socketColumns, width, contentWidths(socketColumns, [watchRow()], context));
      for (const column of columns) {
        const line = headerLine([column], { column: column.declaration.id, descending: true });
        expect(line).toContain(column.declaration.header);
        expect(line).toMatch(/[▲▼]/);
      }
    }
  });

  it('shows a number whole, in its compact form where the full one does not fit', () => {
    const counter: ColumnDeclaration<'n', number> = {
      id: 'n',
      header: 'N',
      kind: 'number',
      min: 5,
      preferred: 5,
      priority: 0,
      align: 'right',
      format: (n) => String(n),
      compact: (n) => formatCompactCount(n),
    };
    const [column] = fitColumns([counter], 20);
    expect(column!.width).toBe(5);
    expect(cellText(column!, 316_700, undefined)).toBe(' 317K');
    expect(cellText(column!, 31670, undefined)).toBe('31670');
    expect(cellText(column!, 123, undefined)).toBe('  123');
  });

  it.each([
    [0, '0'],
    [9999, '9999'],
    [31670, '31.7K'],
    [999_949, '1.0M'],
    [316_700, '317K'],
    [1_234_567, '1.2M'],
    [45_000_000_000, '45.0G'],
  ])('compact count %i → %j', (n, text) => {
    expect(formatCompactCount(n)).toBe(text);
  });
});

describe('rate cells', () => {
  it.each([
    [0, '0 B/s'],
    [812.4, '812 B/s'],
    [1023, '1023 B/s'],
    [1024, '1.0 KiB/s'],
    [12.4 * 1024, '12 KiB/s'],
    [9.96 * 1024, '10 KiB/s'],
    [1023.7 * 1024, '1.0 MiB/s'],
    [3.1 * 1024 ** 3, '3.1 GiB/s'],
    [-5, '0 B/s'],
  ])('%d B/s → %j', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });

  it('says n/a without ss, - before the second reading, and nothing for sockets without tcp_info', () => {
    const rx = socketColumn('rx');
    expect(formatRateCell(2048, false)).toBe('n/a');
    expect(formatRateCell(null, true)).toBe('-');
    const listening = watchRow({ state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 });
    expect(rx.format(listening, context)).toBe('');
    expect(rx.format(watchRow({ proto: 'udp' }), context)).toBe('');
    expect(rx.format(watchRow({ inode: 0, state: 'TIME_WAIT' }), context)).toBe('');
    expect(socketColumn('tx').format(watchRow({ txRate: 2048 }), context)).toBe('2.0 KiB/s');
  });
});
