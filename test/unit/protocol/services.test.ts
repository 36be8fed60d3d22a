import { describe, expect, it } from 'vitest';
import { builtinServicesText } from '../../../src/protocol/builtin-services.js';
import { parseServices, ServiceTable } from '../../../src/protocol/services.js';

const sample = `
# Network services, Internet style
tcpmux		1/tcp				# TCP port service multiplexer
http		80/tcp		www		# WorldWideWeb HTTP
https		443/tcp				# http protocol over TLS/SSL
https		443/udp				# HTTP/3
ntp		123/udp				# Network Time Protocol
broken line without port
toolarge	70000/tcp
smtp		25/tcp		mail
`;

describe('parseServices', () => {
  it('reads names, ports, protocols and aliases and skips malformed lines', () => {
    expect(parseServices(sample)).toEqual([
      { name: 'tcpmux', port: 1, protocol: 'tcp', aliases: [] },
      { name: 'http', port: 80, protocol: 'tcp', aliases: ['www'] },
      { name: 'https', port: 443, protocol: 'tcp', aliases: [] },
      { name: 'https', port: 443, protocol: 'udp', aliases: [] },
      { name: 'ntp', port: 123, protocol: 'udp', aliases: [] },
      { name: 'smtp', port: 25, protocol: 'tcp', aliases: ['mail'] },
    ]);
  });
});

describe('ServiceTable', () => {
  const table = new ServiceTable(parseServices(sample));
  it('finds by port, name and alias', () => {
    expect(table.find('443', ['tcp']).map((e) => e.name)).toEqual(['https']);
    expect(table.find('www', ['tcp']).map((e) => e.port)).toEqual([80]);
    expect(table.find('SMTP', ['tcp', 'udp']).map((e) => e.port)).toEqual([25]);
    expect(table.find('ntp', ['tcp'])).toEqual([]);
  });
  it('answers portOf and nameOf like getservbyname/getservbyport', () => {
    expect(table.portOf('www', 'tcp')).toBe(80);
    expect(table.portOf('ntp', 'tcp')).toBeUndefined();
    expect(table.nameOf(443, 'udp')).toBe('https');
    expect(table.nameOf(9999, 'tcp')).toBeUndefined();
  });
});

describe('the built-in table', () => {
  const entries = parseServices(builtinServicesText);
  it('has the seed services and about a hundred others', () => {
    const table = new ServiceTable(entries);
    for (const [name, port] of [['ftp', 21], ['ssh', 22], ['telnet', 23], ['smtp', 25], ['http', 80], ['pop3', 110], ['nntp', 119], ['https', 443]] as const) {
      expect(table.portOf(name, 'tcp')).toBe(port);
    }
    expect(entries.length).toBeGreaterThanOrEqual(100);
  });
  it('has no line the parser dropped', () => {
    expect(entries.length).toBe(builtinServicesText.trim().split('\n').length);
  });
});
