/** Runs a bash script in a network namespace of its own (unshare -n, lo up), for capture tests: only its own loopback traffic. */
import { execFile } from 'node:child_process';
import { requirePeer } from './peers.js';
import { binPath } from './run-cli.js';

export interface NamespaceResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The script sees $NETTOOL (the built binary, run by this Node) and these bash functions:
 *   wait_for FILE PATTERN   waits (up to 10 s) until FILE holds PATTERN, else fails the script
 *   traffic N PORT          sends N UDP datagrams of 1..N bytes to 127.0.0.1:PORT (python3)
 *   tcp_exchange PORT       one TCP connection on 127.0.0.1:PORT: connect, 'ping' each way, close
 */
export function runInNamespace(script: string, timeoutMs = 60_000): Promise<NamespaceResult> {
  const unshare = requirePeer('unshare', 'util-linux');
  requirePeer('python3', 'python3');
  const prelude = `
set -u
ip link set lo up
NETTOOL="${process.execPath} ${binPath}"
export TZ=UTC NO_COLOR=1
wait_for() { for _ in $(seq 200); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.05; done; echo "timed out waiting for '$2' in $1: $(cat "$1" 2>&1)" >&2; exit 99; }
traffic() { python3 -c "
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[1])): s.sendto(b'x' * (i + 1), ('127.0.0.1', int(sys.argv[2])))
" "$1" "$2"; }
tcp_exchange() { python3 -c "
import socket, sys
l = socket.socket(); l.bind(('127.0.0.1', int(sys.argv[1]))); l.listen()
c = socket.create_connection(('127.0.0.1', int(sys.argv[1]))); a, _ = l.accept()
c.sendall(b'ping'); a.recv(4); a.sendall(b'pong'); c.recv(4); c.close(); a.recv(1); a.close()
" "$1"; }
`;
  return new Promise((resolve) => {
    execFile(unshare, ['-n', 'bash', '-c', prelude + script], { timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
