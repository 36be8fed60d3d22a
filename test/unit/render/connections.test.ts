import { describe, expect, it } from 'vitest';
import type { Connection } from '../../../src/protocol/connection.js';
import { formatConnectionRow, formatConnectionTable } from '../../../src/render/connections.js';
import { createPalette, plainPalette } from '../../../src/render/palette.js';
import { displayWidth, stripAnsi } from '../../../src/render/width.js';

const rows: Connection[] = [
  {
    proto: 'tcp6',
    local: { address: '::ffff:127.0.0.1', port: 80 },
    remote: { address: '::ffff:127.0.0.1', port: 51234 },
    state: 'ESTABLISHED',
    recvQ: 1234567,
    sendQ: 0,
    inode: 1,
    uid: 0,
    pid: 99,
    program: '服务器',
  },
  { proto: 'udp', local: { address: '0.0.0.0', port: 53 }, remote: { address: '0.0.0.0', port: 0 }, state: 'UNCONN', recvQ: 0, sendQ: 0, inode: 2, uid: 0, pid: null, program: null },
  { proto: 'unix', type: 'stream', path: '/tmp/ソケット', state: 'LISTEN', recvQ: null, sendQ: null, inode: 3, uid: null, pid: 7, program: 'x' },
];

const services = (port: number, transport: 'tcp' | 'udp') => (port === 80 && transport === 'tcp' ? 'http' : port === 53 && transport === 'udp' ? 'domain' : undefined);

describe('formatConnectionTable', () => {
  it('lines up every column by display width, wide characters included', () => {
    const text = formatConnectionTable(rows, { palette: plainPalette, owners: true, serviceName: services });
    const lines = text.trimEnd().split('\n');
    expect(lines).toEqual([
      'Proto   Recv-Q  Send-Q  Local Address            Foreign Address           State        PID/Program',
      'tcp6   1234567       0  [::ffff:127.0.0.1]:http  [::ffff:127.0.0.1]:51234  ESTABLISHED  99/服务器',
      'udp          0       0  0.0.0.0:domain           0.0.0.0:*                 UNCONN       -',
      'unix         -       -  /tmp/ソケット            *                         LISTEN       7/x',
    ]);
    const stateColumn = lines.map((line) => displayWidth(line.slice(0, line.search(/(State|ESTABLISHED|UNCONN|LISTEN)/))));
    expect(new Set(stateColumn).size).toBe(1);
  });

  it('pads by the text, not the colour codes', async () => {
    const palette = await createPalette(1);
    const coloured = formatConnectionTable(rows, { palette, owners: false, serviceName: services });
    expect(coloured).toContain('\u001b[');
    expect(stripAnsi(coloured)).toBe(formatConnectionTable(rows, { palette: plainPalette, owners: false, serviceName: services }));
  });

  it('prints numbers with -n, and a header alone for no rows', () => {
    expect(formatConnectionTable(rows.slice(1, 2), { palette: plainPalette, owners: false })).toContain('0.0.0.0:53');
    expect(formatConnectionTable([], { palette: plainPalette, owners: false })).toBe('Proto  Recv-Q  Send-Q  Local Address  Foreign Address  State\n');
    expect(formatConnectionRow(rows[0]!, { palette: plainPalette, owners: true })).toEqual([
      'tcp6', '1234567', '0', '[::ffff:127.0.0.1]:80', '[::ffff:127.0.0.1]:51234', 'ESTABLISHED', '99/服务器',
    ]);
  });
});
