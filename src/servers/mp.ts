/**
 * `serve mp`: a multiprocessing.connection Listener, the course's addserv: each pair (x, y) is answered
 * with x + y under Python's rules, or every message with itself (--echo). Pickles are read as data only:
 * nothing in a message is ever imported or called.
 */
import type { Socket } from 'node:net';
import { MpConnection } from '../net/mp-connection.js';
import { decodePickle } from '../protocol/pickle/decode.js';
import { encodePickle } from '../protocol/pickle/encode.js';
import { PickleError, type PyValue } from '../protocol/pickle/value.js';
import { addPythonValues, PythonTypeError } from '../protocol/python-add.js';
import { createStreamService, type ServerHandle } from './listen.js';
import type { ServiceOptions } from './options.js';

/** The largest message read from a client: a bound on memory per connection. */
export const maxMpMessage = 16 * 1024 * 1024;
/** A client that has not finished the authkey handshake by then is dropped. */
const handshakeTimeoutMs = 10_000;

function errorReply(text: string): Uint8Array {
  return encodePickle({ type: 'str', value: `error: ${text}` });
}

/** The reply to one message: its bytes again (--echo), x + y for a pair, or a pickled error string. */
export function answerMpMessage(message: Uint8Array, echo: boolean): Uint8Array {
  let value: PyValue;
  try {
    const decoded = decodePickle(message);
    if (decoded.unsafe.length > 0) return errorReply(`refused: the message names ${decoded.unsafe.join(', ')}, which this server never imports or calls`);
    if (decoded.buffers > 0) return errorReply('refused: the message refers to out-of-band buffers it does not carry');
    value = decoded.value;
  } catch (error) {
    if (error instanceof PickleError) return errorReply(`not a valid pickle: ${error.message}`);
    throw error;
  }
  if (echo) return message;
  if ((value.type !== 'tuple' && value.type !== 'list') || value.items.length !== 2) {
    return errorReply(`expected a pair (x, y) to add, got ${value.type === 'tuple' || value.type === 'list' ? `a ${value.type} of ${value.items.length}` : `a ${value.type}`}`);
  }
  try {
    return encodePickle(addPythonValues(value.items[0]!, value.items[1]!));
  } catch (error) {
    if (error instanceof PythonTypeError) return errorReply(`TypeError: ${error.message}`);
    return errorReply((error as Error).message);
  }
}

async function serveClient(socket: Socket, options: ServiceOptions): Promise<void> {
  const connection = new MpConnection(socket, maxMpMessage);
  try {
    if (options.authkey) await connection.authenticateAsServer(options.authkey, handshakeTimeoutMs);
    for (;;) {
      const message = await connection.receive();
      await connection.send(answerMpMessage(message, options.echo === true));
    }
  } catch (error) {
    // The reason goes to the access log through the policy's 'error' handler; a client that just left is no error.
    const { name, message } = error as Error;
    if (name === 'ConnectionEndedError') socket.end();
    else socket.destroy(new Error(name === 'AuthenticationError' ? `authentication failed (${message})` : message));
  }
}

export function createMpServer(options: ServiceOptions): Promise<ServerHandle> {
  return createStreamService(options.target, options.policy, (socket) => void serveClient(socket, options));
}
