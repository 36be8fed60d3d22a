/**
 * The least a Node program can do to answer `dig +short` with dns-packet over UDP: the floor under
 * nettool dns in bench/dns.mjs. CommonJS (no ES module loader), one socket for every query, no
 * argument parsing, no retries, no timeouts beyond one overall limit, no checks beyond the ID.
 * Usage: node dns-query.cjs PORT NAME...   (asks 127.0.0.1:PORT for each NAME's A records)
 */
const dgram = require('node:dgram');
const packet = require('dns-packet');

const [port, ...names] = process.argv.slice(2);
const socket = dgram.createSocket('udp4');
const waiting = new Map();
socket.on('message', (message) => {
  const reply = packet.decode(message);
  if (!waiting.delete(reply.id)) return;
  for (const answer of reply.answers) if (answer.type === 'A') process.stdout.write(`${answer.data}\n`);
  if (waiting.size === 0) socket.close();
});
const limit = setTimeout(() => {
  console.error(`no answer for ${waiting.size} names`);
  process.exit(1);
}, 5000);
socket.on('close', () => clearTimeout(limit));
names.forEach((name, index) => {
  const id = (index + 1) & 0xffff;
  waiting.set(id, name);
  const query = packet.encode({ type: 'query', id, flags: packet.RECURSION_DESIRED, questions: [{ type: 'A', name }] });
  socket.send(query, Number(port), '127.0.0.1');
});
