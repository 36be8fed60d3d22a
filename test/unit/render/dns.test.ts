import { describe, expect, it } from 'vitest';
import { mapLimited } from '../../../src/commands/map-limited.js';
import { compareJson, formatCompare, formatDnsAnswer, formatDnsShort, rowDiffers, type DnsAnswerView } from '../../../src/render/dns.js';
import { plainPalette } from '../../../src/render/palette.js';

const view: DnsAnswerView = {
  name: 'www.example.com.',
  type: 'A',
  server: '127.0.0.1:53',
  protocol: 'udp',
  status: 'NOERROR',
  flags: ['qr', 'rd', 'ra'],
  timeMs: 3,
  answers: [
    { name: 'www.example.com.', type: 'CNAME', ttl: 300, class: 'IN', data: 'example.com.' },
    { name: 'example.com.', type: 'A', ttl: 60, class: 'IN', data: '192.0.2.1' },
  ],
  authority: [],
  additional: [{ name: 'ns.example.com.', type: 'AAAA', ttl: null, class: 'IN', data: '2001:db8::53' }],
};

describe('formatDnsAnswer', () => {
  it('prints the header, then only the non-empty sections, aligned across them', () => {
    expect(formatDnsAnswer(view, plainPalette)).toBe(
      [
        ';; www.example.com. A from 127.0.0.1:53 (udp) in 3 ms',
        ';; status: NOERROR, flags: qr rd ra; answer: 2, authority: 0, additional: 1',
        '',
        ';; ANSWER SECTION:',
        'www.example.com.  300  IN  CNAME  example.com.',
        'example.com.       60  IN  A      192.0.2.1',
        '',
        ';; ADDITIONAL SECTION:',
        'ns.example.com.     -  IN  AAAA   2001:db8::53',
        '',
      ].join('\n'),
    );
  });

  it('--short is the answer data only, as dig +short', () => {
    expect(formatDnsShort([view, { ...view, answers: [] }])).toBe('example.com.\n192.0.2.1\n');
  });
});

describe('--compare', () => {
  const same = { name: 'a.test.', type: 'A', cells: [{ kind: 'answer', status: 'NOERROR', data: ['192.0.2.1', '192.0.2.2'] }, { kind: 'answer', status: 'NOERROR', data: ['192.0.2.2', '192.0.2.1'] }] } as const;
  const differ = { name: 'b.test.', type: 'A', cells: [{ kind: 'answer', status: 'NOERROR', data: ['192.0.2.1'] }, { kind: 'answer', status: 'NXDOMAIN', data: [] }] } as const;
  const notAsked = { name: 'b.test.', type: 'MX', cells: [{ kind: 'not-asked', reason: 'A/AAAA only' }, { kind: 'answer', status: 'NOERROR', data: ['10 mx.b.test.'] }] } as const;

  it.each([
    ['the same records in another order', same, false],
    ['records on one side, NXDOMAIN on the other', differ, true],
    ['a source that was not asked does not count', notAsked, false],
    ['an error against an answer', { ...same, cells: [same.cells[0], { kind: 'error', message: 'timeout' }] }, true],
  ] as const)('%s → differ %s', (_what, row, expected) => {
    expect(rowDiffers(row)).toBe(expected);
  });

  it('lays the sources side by side and stars what some source lacks', () => {
    expect(formatCompare(['system', '127.0.0.1:53'], [same, differ], plainPalette)).toBe(
      [
        'name     type  system       127.0.0.1:53',
        'a.test.  A     192.0.2.1    192.0.2.1     same',
        '               192.0.2.2    192.0.2.2',
        'b.test.  A     192.0.2.1 *  NXDOMAIN      differ',
        '',
      ].join('\n'),
    );
    expect(compareJson(['system', 'x'], [differ])[0]).toEqual({
      name: 'b.test.', type: 'A', differ: true,
      sources: [{ server: 'system', kind: 'answer', status: 'NOERROR', data: ['192.0.2.1'] }, { server: 'x', kind: 'answer', status: 'NXDOMAIN', data: [] }],
    });
  });
});

describe('mapLimited', () => {
  it('keeps the order, never runs more than the limit at once, and settles failures', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      running--;
      if (n === 4) throw new Error('four');
      return n * 10;
    });
    expect(most).toBe(2);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([50, 10, 'four', 20, 30]);
  });
});
