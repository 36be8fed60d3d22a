/**
 * The least a Node program can do to copy its stdin to a TCP socket, shaped like socat's loop: a
 * blocking readSync into one of two 128 KiB buffers, then a socket write that the kernel usually
 * takes at once; it waits for 'drain' when the socket is full, and reuses a buffer only once its
 * write is done. The floor under
 * `nettool telnet --raw` in bench/telnet.mjs. It blocks the event loop while stdin is empty, so it
 * could not also print what the peer sends, time out, or answer Ctrl-C: fit for a benchmark only.
 * Usage: node stdin-to-tcp.cjs PORT   (connects to 127.0.0.1:PORT)
 */
const { readSync } = require('node:fs');
const { connect } = require('node:net');

const size = 128 << 10;
const buffers = [Buffer.allocUnsafe(size), Buffer.allocUnsafe(size)];
const written = [Promise.resolve(), Promise.resolve()];
const socket = connect(Number(process.argv[2]), '127.0.0.1', async () => {
  for (let turn = 0; ; turn ^= 1) {
    const buffer = buffers[turn];
    await written[turn];
    let count;
    try {
      count = readSync(0, buffer, 0, size, null);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      await new Promise((resolve) => setTimeout(resolve, 1));
      continue;
    }
    if (count === 0) break;
    let done;
    written[turn] = new Promise((resolve) => (done = resolve));
    if (!socket.write(buffer.subarray(0, count), done)) await new Promise((resolve) => socket.once('drain', resolve));
  }
  socket.end();
});
