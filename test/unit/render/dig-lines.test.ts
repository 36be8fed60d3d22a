import { describe, expect, it } from 'vitest';
import { formatDigQuestion, formatDigRecord } from '../../../src/render/dig-lines.js';

describe("dig's line layout (BIND master-file style), checked against lines dig 9.18 printed", () => {
  it.each([
    [{ name: 'a.test.', ttl: 0, class: 'IN', type: 'A', data: '192.0.2.1' }, 'a.test.\t\t\t0\tIN\tA\t192.0.2.1'],
    // Past a column: one space, or a tab where the next character would start a tab stop anyway.
    [{ name: 'averyveryverylongname.subdomain.test.', ttl: 0, class: 'IN', type: 'A', data: '192.0.2.2' }, 'averyveryverylongname.subdomain.test. 0\tIN A\t192.0.2.2'],
    [{ name: 'a.test.', ttl: 300, class: 'IN', type: 'TXT', data: '"hello"' }, 'a.test.\t\t\t300\tIN\tTXT\t"hello"'],
  ])('%j', (record, line) => {
    expect(formatDigRecord(record)).toBe(line);
  });

  it('questions', () => {
    expect(formatDigQuestion('a.test.', 'IN', 'A')).toBe(';a.test.\t\t\t\tIN\tA');
    expect(formatDigQuestion('a.test.', 'IN', 'TXT')).toBe(';a.test.\t\t\t\tIN\tTXT');
  });
});
