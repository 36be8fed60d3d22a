import { describe, expect, it } from 'vitest';
import { answerChallenge, AuthenticationError, makeChallenge, verifyAnswer } from '../../../src/protocol/mp-auth.js';
import { pythonSync } from '../../helpers/pickles.js';

const key = Buffer.from('secret');
const random = Buffer.alloc(40, 7);

describe('the multiprocessing authkey handshake', () => {
  it("makes 3.12's challenge: {sha256} and 40 bytes", () => {
    const { frame, message } = makeChallenge(random);
    expect(Buffer.from(frame).toString('latin1')).toBe(`#CHALLENGE#{sha256}${'\x07'.repeat(40)}`);
    expect(Buffer.from(message).toString('latin1')).toBe(`{sha256}${'\x07'.repeat(40)}`);
  });

  it("answers as Python's hmac computes: bare MD5 for 3.11's 20 bytes, {digest} + HMAC over the whole message for 3.12", () => {
    const legacy = Buffer.concat([Buffer.from('#CHALLENGE#'), Buffer.alloc(20, 1)]);
    const modern = Buffer.concat([Buffer.from('#CHALLENGE#{sha384}'), Buffer.alloc(40, 2)]);
    const theirs = pythonSync(`import hmac
print(hmac.new(b'secret', bytes([1]) * 20, 'md5').hexdigest())
print((b'{sha384}' + hmac.new(b'secret', b'{sha384}' + bytes([2]) * 40, 'sha384').digest()).hex())`).split('\n');
    expect(Buffer.from(answerChallenge(key, legacy)).toString('hex')).toBe(theirs[0]);
    expect(Buffer.from(answerChallenge(key, modern)).toString('hex')).toBe(theirs[1]);
  });

  it('verifies a 3.11 peer (16-byte MD5) and a 3.12 peer ({sha256}) answering our challenge, and refuses a wrong one', () => {
    const { frame, message } = makeChallenge(random);
    // A 3.11 peer takes the whole message after #CHALLENGE# as its challenge and answers plain HMAC-MD5.
    const legacyAnswer = pythonSync(`import hmac, sys; print(hmac.new(b'secret', bytes.fromhex(sys.argv[1]) if len(sys.argv) > 1 else b'{sha256}' + bytes([7]) * 40, 'md5').hexdigest())`).trim();
    expect(() => verifyAnswer(key, message, Buffer.from(legacyAnswer, 'hex'))).not.toThrow();
    expect(() => verifyAnswer(key, message, answerChallenge(key, frame))).not.toThrow();
    expect(() => verifyAnswer(Buffer.from('other'), message, answerChallenge(key, frame))).toThrow(/digest received was wrong/);
    expect(() => verifyAnswer(key, message, Buffer.from('{sha1}0123456789012345678901234'))).toThrow(AuthenticationError);
  });

  it('refuses what is no challenge', () => {
    expect(() => answerChallenge(key, Buffer.from('hello'))).toThrow(/expected a #CHALLENGE#/);
    expect(() => answerChallenge(key, Buffer.from('#CHALLENGE#short'))).toThrow(/challenge too short/);
  });
});
