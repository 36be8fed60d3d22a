import { describe, expect, it } from 'vitest';
import { formatExposition, formatSampleValue } from '../../../src/protocol/prometheus.js';

describe('formatSampleValue', () => {
  it.each([
    [0, '0'],
    [42, '42'],
    [-3, '-3'],
    [0.25, '0.25'],
    [1e-7, '1e-7'],
    [2 ** 60, '1152921504606846976'],
    [Number.NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%s → %s', (value, text) => expect(formatSampleValue(value)).toBe(text));
});

describe('formatExposition', () => {
  it('writes HELP, TYPE and samples with labels, suffixes and a final newline', () => {
    const text = formatExposition([
      { name: 'a_total', help: 'A counter.', type: 'counter', samples: [{ value: 3 }] },
      {
        name: 'rtt_seconds',
        help: 'RTT.',
        type: 'summary',
        samples: [
          { labels: { port: '80', quantile: '0.5' }, value: 0.001 },
          { suffix: '_sum', labels: { port: '80' }, value: 0.002 },
          { suffix: '_count', labels: { port: '80' }, value: 2 },
        ],
      },
    ]);
    expect(text).toBe(
      [
        '# HELP a_total A counter.',
        '# TYPE a_total counter',
        'a_total 3',
        '# HELP rtt_seconds RTT.',
        '# TYPE rtt_seconds summary',
        'rtt_seconds{port="80",quantile="0.5"} 0.001',
        'rtt_seconds_sum{port="80"} 0.002',
        'rtt_seconds_count{port="80"} 2',
        '',
      ].join('\n'),
    );
  });

  it('escapes label values (backslash, quote, newline) and HELP text (backslash, newline)', () => {
    const text = formatExposition([{ name: 'x', help: 'a\\b\nc "q"', type: 'gauge', samples: [{ labels: { program: 'we"ird\\na\nme' }, value: 1 }] }]);
    expect(text).toContain('# HELP x a\\\\b\\nc "q"\n');
    expect(text).toContain('x{program="we\\"ird\\\\na\\nme"} 1\n');
  });

  it('keeps a family with no samples (HELP and TYPE only)', () => {
    expect(formatExposition([{ name: 'empty', help: 'None now.', type: 'gauge', samples: [] }])).toBe('# HELP empty None now.\n# TYPE empty gauge\n');
  });

  it.each([
    ['a bad metric name', [{ name: '1bad', help: '', type: 'gauge', samples: [] }]],
    ['a bad label name', [{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { 'bad-name': 'x' }, value: 1 }] }]],
    ['a reserved label name', [{ name: 'ok', help: '', type: 'gauge', samples: [{ labels: { __name__: 'x' }, value: 1 }] }]],
    ['a family given twice', [{ name: 'ok', help: '', type: 'gauge', samples: [] }, { name: 'ok', help: '', type: 'gauge', samples: [] }]],
  ] as const)('refuses %s', (_name, families) => {
    expect(() => formatExposition(families)).toThrow();
  });
});
