/**
 * multiprocessing.connection's authkey handshake, both forms (Lib/multiprocessing/connection.py): Python ≤ 3.11
 * sends a 20-byte challenge and expects a bare HMAC-MD5; 3.12+ sends `{sha256}` and 40 bytes and expects
 * `{digest}` + HMAC over the whole message. Pure: the random bytes come from the caller.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const challengePrefix = new TextEncoder().encode('#CHALLENGE#');
export const welcome = new TextEncoder().encode('#WELCOME#');
export const failure = new TextEncoder().encode('#FAILURE#');
/** The random part of a challenge as 3.12+ sends it. */
export const challengeLength = 40;
/** The handshake's messages are read with recv_bytes(256): longer is refused. */
export const maxHandshakeMessage = 256;

/** 3.12's _ALLOWED_DIGESTS, with Node's names for them. */
const digests: Record<string, string> = { md5: 'md5', sha256: 'sha256', sha384: 'sha384', sha3_256: 'sha3-256', sha3_384: 'sha3-384' };
/** A message of these lengths is the legacy form: a 20-byte 3.11 challenge, or a bare 16-byte HMAC-MD5 answer. */
const legacyLengths = new Set([20, 16]);

export class AuthenticationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function hmac(digest: string, key: Uint8Array, message: Uint8Array): Uint8Array {
  return createHmac(digests[digest]!, key).update(message).digest();
}

/** `{digest}payload` → [digest, payload]; a legacy-length message → ['', message] (_get_digest_name_and_payload). */
function digestAndPayload(message: Uint8Array): [string, Uint8Array] {
  if (legacyLengths.has(message.length)) return ['', message];
  if (message[0] === 0x7b) {
    const close = message.indexOf(0x7d, 1);
    if (close > 0 && close <= 9) {
      const name = new TextDecoder().decode(message.subarray(1, close));
      if (Object.hasOwn(digests, name)) return [name, message.subarray(close + 1)];
    }
  }
  throw new AuthenticationError('unsupported message length, missing digest prefix, or unsupported digest');
}

/** The challenge to send, as 3.12's deliver_challenge makes it; a 3.11 peer answers it with plain HMAC-MD5. */
export function makeChallenge(random: Uint8Array, digest = 'sha256'): { readonly frame: Uint8Array; readonly message: Uint8Array } {
  const message = new Uint8Array([...new TextEncoder().encode(`{${digest}}`), ...random]);
  return { frame: new Uint8Array([...challengePrefix, ...message]), message };
}

/** The answer to a peer's `#CHALLENGE#...` frame (answer_challenge / _create_response). */
export function answerChallenge(key: Uint8Array, frame: Uint8Array): Uint8Array {
  if (!startsWith(frame, challengePrefix)) throw new AuthenticationError('protocol error: expected a #CHALLENGE# message');
  const message = frame.subarray(challengePrefix.length);
  if (message.length < 20) throw new AuthenticationError(`challenge too short: ${message.length} bytes`);
  const [digest] = digestAndPayload(message);
  if (digest === '') return hmac('md5', key, message);
  return new Uint8Array([...new TextEncoder().encode(`{${digest}}`), ...hmac(digest, key, message)]);
}

/** Checks a peer's answer to our challenge message (_verify_challenge); throws AuthenticationError saying why not. */
export function verifyAnswer(key: Uint8Array, message: Uint8Array, answer: Uint8Array): void {
  const [named, mac] = digestAndPayload(answer);
  const digest = named || 'md5';
  const expected = hmac(digest, key, message);
  if (expected.length !== mac.length) throw new AuthenticationError(`expected ${digest} of length ${expected.length}, got ${mac.length}`);
  if (!sameBytes(expected, mac)) throw new AuthenticationError('digest received was wrong');
}
