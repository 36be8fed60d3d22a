import { describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python.js';
import { startCli, waitForExit, waitForOutput } from '../helpers/run-cli.js';

// A Python peer sends one datagram, then waits for the line nettool's stdin sends back to it.
const peer = `
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(10)
s.sendto(b'hello from python\\n', ('127.0.0.1', int(sys.argv[1])))
data, sender = s.recvfrom(65535)
print(data.hex())
`;

describe('nettool listen --udp (nc -l -u)', () => {
  it('prints what a Python peer sends and answers it with a stdin line', async () => {
    const child = startCli(['listen', '--udp', '0', '--host', '127.0.0.1']);
    try {
      const [, port] = await waitForOutput(child.stderr!, /Listening on 127\.0\.0\.1:(\d+) \(udp\)/);
      const received = waitForOutput(child.stdout!, /hello from python\n/);
      const reply = runPython(peer, [port!]);
      await received;
      child.stdin!.write('answer\n');
      expect(Buffer.from((await reply).trim(), 'hex').toString()).toBe('answer\n');
    } finally {
      child.kill('SIGTERM');
    }
    const result = await waitForExit(child);
    expect(result.code).toBe(0);
  });

  it.each([
    [['--unix', '/tmp/x.sock'], /--udp does not go with --unix/],
    [['--tls'], /--udp does not go with --tls/],
    [['-q', '1'], /--udp does not go with -q/],
  ])('refuses stream-only options %j with exit 2', async (extra, message) => {
    const child = startCli(['listen', '--udp', '0', ...extra]);
    child.stdin!.end();
    const result = await waitForExit(child);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
