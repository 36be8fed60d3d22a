import { describe, expect, it } from 'vitest';
import { parseRootHints, RootHintsError } from '../../../src/protocol/root-hints.js';

describe('parseRootHints (named.root form)', () => {
  it('reads NS names for the root and their A/AAAA, skipping comments, TTLs, classes and other records', () => {
    const text = [
      '; formerly NS.INTERNIC.NET', '.                        3600000      NS    A.ROOT-SERVERS.NET.',
      'A.ROOT-SERVERS.NET.      3600000      A     127.0.0.2', 'A.ROOT-SERVERS.NET.      3600000      AAAA  ::1',
      '. IN NS b.root.', 'other.example. 60 IN TXT x', '. NS no-address.root.',
    ].join('\n');
    expect(parseRootHints(text)).toEqual([
      { name: 'a.root-servers.net', addresses: ['127.0.0.2', '::1'] },
    ]);
  });

  it.each([
    ['. NS', /line 1: expected NAME/],
    ['a.root. A not-an-address', /line 1: 'not-an-address' is not an address/],
  ])('%j is refused', (text, message) => {
    expect(() => parseRootHints(text)).toThrow(RootHintsError);
    expect(() => parseRootHints(text)).toThrow(message);
  });
});
