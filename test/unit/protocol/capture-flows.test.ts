import { describe, expect, it } from 'vitest';
import { FlowTable, indexOwners, type FlowPacket } from '../../../src/protocol/capture-flows.js';

const isLocal = (address: string) => address.startsWith('10.0.0.');
const packet = (fields: Partial<FlowPacket>): FlowPacket => ({ proto: 'tcp', src: '10.0.0.1', dst: '192.0.2.7', sport: 40000, dport: 443, length: 100, direction: undefined, ...fields });
const noOwners = () => undefined;

describe('FlowTable', () => {
  it('sums both directions of a connection into one flow, up from the local end, down to it', () => {
    const table = new FlowTable({ isLocal });
    table.add(packet({ length: 100 }));
    table.add(packet({ src: '192.0.2.7', dst: '10.0.0.1', sport: 443, dport: 40000, length: 1500 }));
    table.add(packet({ src: '192.0.2.7', dst: '10.0.0.1', sport: 443, dport: 40000, length: 1500 }));
    expect(table.snapshot(2000, noOwners)).toEqual([
      { proto: 'tcp', local: '10.0.0.1:40000', remote: '192.0.2.7:443', pid: null, program: null, process: 'unknown', upRate: 50, downRate: 1500, upBytes: 100, downBytes: 3000, packets: 3 },
    ]);
  });

  it('takes the direction from a cooked capture over the address test', () => {
    const table = new FlowTable({ isLocal: () => false });
    table.add(packet({ direction: 'in', src: '203.0.113.5', dst: '198.51.100.1', sport: 53, dport: 5000 }));
    expect(table.snapshot(1000, noOwners)[0]).toMatchObject({ local: '198.51.100.1:5000', remote: '203.0.113.5:53', downRate: 100, upRate: 0 });
  });

  it('sorts by rate, then total; rates restart each interval while totals carry on; idle flows go', () => {
    const table = new FlowTable({ isLocal, keepIdleIntervals: 1 });
    table.add(packet({ sport: 1, length: 10 }));
    table.add(packet({ sport: 2, length: 500 }));
    expect(table.snapshot(1000, noOwners).map((row) => row.local)).toEqual(['10.0.0.1:2', '10.0.0.1:1']);
    table.add(packet({ sport: 1, length: 10 }));
    const second = table.snapshot(1000, noOwners);
    expect(second.map((row) => [row.local, row.upRate, row.upBytes])).toEqual([['10.0.0.1:1', 10, 20], ['10.0.0.1:2', 0, 500]]);
    table.snapshot(1000, noOwners);
    expect(table.snapshot(1000, noOwners)).toEqual([]);
  });

  it('shows addresses without ports for ICMP, and IPv6 ends in brackets', () => {
    const table = new FlowTable({ isLocal: (a) => a === 'fd00::1' || a === '10.0.0.1' });
    table.add(packet({ proto: 'icmp', sport: undefined, dport: undefined }));
    table.add(packet({ proto: 'udp', src: 'fd00::1', dst: 'fd00::2', sport: 5000, dport: 53 }));
    expect(table.snapshot(1000, noOwners).map((row) => [row.local, row.remote]).sort()).toEqual([['10.0.0.1', '192.0.2.7'], ['[fd00::1]:5000', '[fd00::2]:53']]);
  });

  it('keeps at most maxFlows and counts the packets of the rest', () => {
    const table = new FlowTable({ isLocal, maxFlows: 2 });
    for (let port = 1; port <= 5; port++) table.add(packet({ dport: port }));
    expect(table.snapshot(1000, noOwners)).toHaveLength(2);
    expect(table.overflow).toBe(3);
  });
});

describe('indexOwners', () => {
  const sockets = [
    { proto: 'tcp', local: { address: '10.0.0.1', port: 40000 }, remote: { address: '192.0.2.7', port: 443 }, pid: 42, program: 'curl' },
    { proto: 'udp6', local: { address: '::', port: 53 }, remote: { address: '::', port: 0 }, pid: 7, program: 'dnsmasq' },
    { proto: 'tcp6', local: { address: '::ffff:10.0.0.1', port: 22 }, remote: { address: '::ffff:192.0.2.9', port: 5555 }, pid: 9, program: 'sshd' },
  ];

  it('finds the connected socket, a wildcard-bound one by port, and IPv4-mapped ends; a flow whose owner is unknown stays in', () => {
    const table = new FlowTable({ isLocal });
    table.add(packet({}));
    table.add(packet({ proto: 'udp', src: '192.0.2.8', dst: '10.0.0.1', sport: 6000, dport: 53 }));
    table.add(packet({ src: '10.0.0.1', dst: '192.0.2.9', sport: 22, dport: 5555 }));
    table.add(packet({ sport: 40001 }));
    const rows = table.snapshot(1000, indexOwners(sockets));
    expect(rows.map((row) => [row.local, row.process]).sort()).toEqual([
      ['10.0.0.1:22', 'sshd (9)'],
      ['10.0.0.1:40000', 'curl (42)'],
      ['10.0.0.1:40001', 'unknown'],
      ['10.0.0.1:53', 'dnsmasq (7)'],
    ]);
  });
});
