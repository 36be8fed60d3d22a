import { describe, expect, it } from 'vitest';
import { countStates, type PortResult } from '../../../src/protocol/scan-result.js';
import { plainPalette } from '../../../src/render/palette.js';
import { formatScanTable, scanReportJson, type ScanReport } from '../../../src/render/scan.js';

const ports: PortResult[] = [
  { port: 22, state: 'open', service: 'ssh', pid: 812, program: 'sshd', banner: 'SSH-2.0-OpenSSH_9.2' },
  { port: 23, state: 'closed', service: 'telnet' },
  { port: 8080, state: 'open', service: null, pid: null, program: null, banner: null },
];
const report = (over: Partial<ScanReport> = {}): ScanReport => ({
  host: 'localhost',
  address: '127.0.0.1',
  protocol: 'tcp',
  ports,
  counts: countStates(ports),
  elapsedMs: 12.4,
  owners: true,
  banners: true,
  ...over,
});

describe('scan rendering', () => {
  it('a table in nmap order with owners and banners', () => {
    expect(formatScanTable(report(), plainPalette)).toBe(
      [
        '    PORT  STATE   SERVICE  PROCESS   BANNER',
        '  22/tcp  open    ssh      812/sshd  SSH-2.0-OpenSSH_9.2',
        '  23/tcp  closed  telnet',
        '8080/tcp  open    -        -',
        '',
      ].join('\n'),
    );
  });

  it('no owner or banner columns when they were not looked for; nothing at all for no ports', () => {
    expect(formatScanTable(report({ owners: false, banners: false, ports: [ports[1]!] }), plainPalette)).toBe('  PORT  STATE   SERVICE\n23/tcp  closed  telnet\n');
    expect(formatScanTable(report({ ports: [] }), plainPalette)).toBe('');
  });

  it('JSON: pid/program and banner only where looked for', () => {
    expect(scanReportJson(report())).toEqual({
      host: 'localhost',
      address: '127.0.0.1',
      protocol: 'tcp',
      ports: [
        { port: 22, state: 'open', service: 'ssh', pid: 812, program: 'sshd', banner: 'SSH-2.0-OpenSSH_9.2' },
        { port: 23, state: 'closed', service: 'telnet' },
        { port: 8080, state: 'open', service: null, pid: null, program: null, banner: null },
      ],
      counts: { open: 2, 'open|filtered': 0, closed: 1, filtered: 0 },
      elapsedMs: 12,
    });
    const remote = scanReportJson(report({ owners: false, banners: false })) as { ports: object[] };
    expect(remote.ports[0]).toEqual({ port: 22, state: 'open', service: 'ssh' });
  });
});
