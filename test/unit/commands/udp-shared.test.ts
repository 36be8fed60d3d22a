import { describe, expect, it } from 'vitest';
import { parseListenTarget } from '../../../src/commands/udp-shared.js';

describe('parseListenTarget', () => {
  it.each([
    [['9000'], { port: 9000 }],
    [['0'], { port: 0 }],
    [['domain'], { port: 53 }],
    [['127.0.0.1:9000'], { host: { host: '127.0.0.1', family: 4 }, port: 9000 }],
    [['[::1]:9000'], { host: { host: '::1', family: 6 }, port: 9000 }],
    [[':9000'], { port: 9000 }],
    [['9000', '::'], { host: { host: '::', family: 6 }, port: 9000 }],
    [['9000', 'localhost'], { host: { host: 'localhost', family: 0 }, port: 9000 }],
  ] as const)('%j → %j', ([port, host], expected) => {
    expect(parseListenTarget(port, host)).toEqual(expected);
  });

  it.each([
    [['70000'], /bad port '70000'/],
    [['-1'], /bad port/],
    [['no-such-service-xyz'], /unknown service/],
    [['127.0.0.1:9000', '::1'], /address given twice/],
    [['9000', '1.2.3'], /not an IPv4 address/],
    [['::1'], /bad port '::1'/],
  ] as const)('%j is a usage error', ([port, host], message) => {
    expect(() => parseListenTarget(port, host)).toThrow(message);
  });
});
