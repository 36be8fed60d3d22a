import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/render/width.js';
import { formatRate, formatRateCell } from '../../../src/render/rate.js';
import { columnGap, connectionCell, connectionColumns, fitCell, fitText, groupColumns } from '../../../src/ui/table-layout.js';
import { watchRow } from '../../helpers/watch-rows.js';

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
    expect(fitCell('42', { id: 'recvQ', header: 'Recv-Q', width: 6, align: 'right', cut: 'end' })).toBe('    42');
    expect(fitCell('tcp', { id: 'proto', header: 'Proto', width: 5, align: 'left', cut: 'end' })).toBe('tcp  ');
  });
});

describe('column layouts', () => {
  it.each([40, 60, 80, 100, 120, 160, 240])('fit a %i-column terminal with one column to spare', (width) => {
    for (const columns of [connectionColumns(width), groupColumns(width)]) {
      const total = columns.reduce((sum, c) => sum + c.width, 0) + (columns.length - 1) * columnGap.length;
      if (width >= 80) expect(total).toBeLessThan(width);
      expect(columns.every((c) => c.width > 0)).toBe(true);
    }
  });

  it('drops the queue columns before squeezing the addresses', () => {
    expect(connectionColumns(120).map((c) => c.id)).toEqual(['proto', 'recvQ', 'sendQ', 'local', 'remote', 'state', 'rx', 'tx', 'program']);
    expect(connectionColumns(90).map((c) => c.id)).toEqual(['proto', 'local', 'remote', 'state', 'rx', 'tx', 'program']);
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
    expect(formatRateCell(2048, false)).toBe('n/a');
    expect(formatRateCell(null, true)).toBe('-');
    const listening = watchRow({ state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 });
    expect(connectionCell('rx', listening, true)).toBe('');
    expect(connectionCell('rx', watchRow({ proto: 'udp' }), true)).toBe('');
    expect(connectionCell('rx', watchRow({ inode: 0, state: 'TIME_WAIT' }), true)).toBe('');
    expect(connectionCell('tx', watchRow({ txRate: 2048 }), true)).toBe('2.0 KiB/s');
  });
});
