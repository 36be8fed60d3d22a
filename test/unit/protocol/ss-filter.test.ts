import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import type { Connection, InetConnection, InetProto, SocketState } from '../../../src/protocol/connection.js';
import { mentionsState, matchesSsFilter, parseSsFilter, tokenizeSsFilter } from '../../../src/protocol/ss-filter.js';

const lookup = (name: string) => ({ http: 80, https: 443, ssh: 22 })[name];

const inet = (proto: InetProto, local: string, remote: string, state: SocketState): InetConnection => {
  const split = (end: string) => {
    const cut = end.lastIndexOf(':');
    return { address: end.slice(0, cut).replace(/^\[|\]$/g, ''), port: Number(end.slice(cut + 1)) };
  };
  return { proto, local: split(local), remote: split(remote), state, recvQ: 0, sendQ: 0, inode: 1, uid: 0, pid: null, program: null };
};

const rows: Record<string, Connection> = {
  web: inet('tcp', '127.0.0.1:8080', '0.0.0.0:0', 'LISTEN'),
  client: inet('tcp', '127.0.0.1:51000', '127.0.0.1:8080', 'ESTABLISHED'),
  served: inet('tcp', '127.0.0.1:8080', '127.0.0.1:51000', 'ESTABLISHED'),
  tls6: inet('tcp6', '[::1]:40000', '[::1]:443', 'ESTABLISHED'),
  mapped: inet('tcp6', '[::ffff:10.1.2.3]:22', '[::ffff:10.9.9.9]:60000', 'ESTABLISHED'),
  waiting: inet('tcp', '10.1.2.3:443', '192.0.2.9:50000', 'TIME_WAIT'),
  dns: inet('udp', '127.0.0.1:53', '0.0.0.0:0', 'UNCONN'),
  unix: { proto: 'unix', type: 'stream', path: '/run/x.sock', state: 'LISTEN', recvQ: null, sendQ: null, inode: 9, uid: null, pid: null, program: null },
};

const matching = (words: string[]) => {
  const filter = parseSsFilter(words, lookup)!;
  return Object.entries(rows)
    .filter(([, row]) => matchesSsFilter(filter, row))
    .map(([name]) => name);
};

describe('tokenizeSsFilter', () => {
  it.each([
    [['sport = :8080'], ['sport', '=', ':8080']],
    [['(', 'sport', '=', ':8080', ')'], ['(', 'sport', '=', ':8080', ')']],
    [['( dport >= :1024 )'], ['(', 'dport', '>=', ':1024', ')']],
    [['(sport=:22)'], ['(', 'sport', '=', ':22', ')']],
    [['!', 'src', '[::1]:443'], ['!', 'src', '[::1]:443']],
    [['a&&b||c'], ['a', '&&', 'b', '||', 'c']],
  ])('%j → %j', (words, tokens) => {
    expect(tokenizeSsFilter(words)).toEqual(tokens);
  });
});

describe('parseSsFilter and matchesSsFilter', () => {
  it.each([
    [['sport = :8080'], ['web', 'served']],
    [['sport', ':8080'], ['web', 'served']],
    [['sport', 'eq', ':http'], []],
    [['dport = :443'], ['tls6']],
    [['dport = :https'], ['tls6']],
    [['dport == 8080'], ['client']],
    [['sport != :8080'], ['client', 'tls6', 'mapped', 'waiting', 'dns']],
    [['sport >= :40000'], ['client', 'tls6']],
    [['sport', 'lt', ':100'], ['mapped', 'dns']],
    [['src 127.0.0.1'], ['web', 'client', 'served', 'dns']],
    [['src 127.0.0.1:8080'], ['web', 'served']],
    [['dst [::1]'], ['tls6']],
    [['dst [::1]:443'], ['tls6']],
    [['src 10.0.0.0/8'], ['mapped', 'waiting']],
    [['dst 192.0.2.0/24'], ['waiting']],
    [['src *:22'], ['mapped']],
    [['src != 127.0.0.1'], ['tls6', 'mapped', 'waiting']],
    [['state established'], ['client', 'served', 'tls6', 'mapped']],
    [['state', 'time-wait'], ['waiting']],
    [['state listening'], ['web', 'dns', 'unix']],
    [['state connected'], ['client', 'served', 'tls6', 'mapped', 'waiting']],
    [['exclude established'], ['web', 'waiting', 'dns', 'unix']],
    [['sport = :8080 and state established'], ['served']],
    [['sport = :8080 state established'], ['served']],
    [['sport = :8080 or dport = :8080'], ['web', 'client', 'served']],
    [['not sport = :8080'], ['client', 'tls6', 'mapped', 'waiting', 'dns', 'unix']],
    [['!', '(', 'sport = :8080', 'or', 'dport = :8080', ')'], ['tls6', 'mapped', 'waiting', 'dns', 'unix']],
    [['state established and ( dport = :443 or dport = :8080 )'], ['client', 'tls6']],
    // and binds tighter than or.
    [['dport = :443 or sport = :8080 and state listen'], ['web', 'tls6']],
  ])('%j keeps %j', (words, names) => {
    expect(matching(words)).toEqual(names);
  });

  it('no words, no filter', () => {
    expect(parseSsFilter([])).toBeNull();
  });

  it('knows when a state is named (listening sockets are then in question)', () => {
    expect(mentionsState(parseSsFilter(['sport = :1 or not state listen']))).toBe(true);
    expect(mentionsState(parseSsFilter(['sport = :1']))).toBe(false);
  });

  it.each([
    [['sport = :8080 and bogus'], "bad filter at 'bogus' (expected sport, dport, src, dst, state, exclude, not or '('): sport = :8080 and »bogus«"],
    [['sport ='], "bad filter at the end (expected a port, as :8080): sport = »«"],
    [['sport = :80x'], "bad filter at ':80x' ('80x' is not a port number or a known service): sport = »:80x«"],
    [['( sport = :1'], "bad filter at '(' (the '(' here is not closed): »(« sport = :1"],
    [['sport = :1 )'], "bad filter at ')' (a ')' without its '('): sport = :1 »)«"],
    [['src example.com'], "bad filter at 'example.com' ('example.com' is not an address (names are not looked up: give an address or a prefix)): src »example.com«"],
    [['src 10.0.0.1/8'], /bad filter at '10\.0\.0\.1\/8' \(host bits are set after \/8 \(did you mean 10\.0\.0\.0\/8\?\)\)/],
    [['state sleepy'], /^bad filter at 'sleepy' \(not a state; states: established, .*, or all, connected/],
    [['src > 127.0.0.1'], /bad filter at '>' \('>' does not apply here; use = or !=\)/],
    [['and'], /bad filter at 'and' \(expected sport/],
    [['not'], /bad filter at the end/],
  ])('%j is a usage error: %s', (words, message) => {
    expect(() => parseSsFilter(words, lookup)).toThrow(UsageError);
    if (typeof message === 'string') expect(() => parseSsFilter(words, lookup)).toThrow(new UsageError(message));
    else expect(() => parseSsFilter(words, lookup)).toThrow(message);
  });
});
