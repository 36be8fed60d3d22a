/** A multiprocessing.connection peer over a stream socket: frames in and out with back-pressure, and the authkey handshake either way. */
import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';
import { AuthenticationError, answerChallenge, failure, makeChallenge, maxHandshakeMessage, sameBytes, challengeLength, verifyAnswer, welcome } from '../protocol/mp-auth.js';
import { encodeFrame, encodeFrameHeader, FrameDecoder, FrameError } from '../protocol/mp-frame.js';

/** Why a receive ended without a frame. */
export class ConnectionEndedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionEndedError';
  }
}

export class MpConnection {
  private readonly decoder: FrameDecoder;
  private readonly frames: Uint8Array[] = [];
  private waiter: { resolve: (frame: Uint8Array) => void; reject: (error: Error) => void } | undefined;
  private ended: Error | undefined;

  constructor(
    readonly socket: Socket,
    maxFrame: number,
  ) {
    this.decoder = new FrameDecoder(maxFrame);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.finish(new ConnectionEndedError('the peer closed the connection')));
    socket.on('close', () => this.finish(new ConnectionEndedError('the connection closed')));
    socket.on('error', (error) => this.finish(error));
  }

  private onData(chunk: Buffer): void {
    let complete: Uint8Array[];
    try {
      complete = this.decoder.push(chunk);
    } catch (error) {
      this.finish(error as FrameError);
      this.socket.destroy();
      return;
    }
    for (const frame of complete) {
      if (this.waiter) {
        const { resolve } = this.waiter;
        this.waiter = undefined;
        resolve(frame);
      } else this.frames.push(frame);
    }
    // Frames nobody has asked for yet: stop reading until they are taken, so a peer cannot pile them up.
    if (this.frames.length > 0) this.socket.pause();
  }

  private finish(error: Error): void {
    this.ended ??= error;
    if (this.waiter) {
      const { reject } = this.waiter;
      this.waiter = undefined;
      reject(this.ended);
    }
  }

  /** The next frame; rejects when the connection ends first, or after `timeoutMs` (0: no limit). */
  receive(timeoutMs = 0): Promise<Uint8Array> {
    const queued = this.frames.shift();
    if (queued) {
      if (this.frames.length === 0) this.socket.resume();
      return Promise.resolve(queued);
    }
    if (this.ended) return Promise.reject(this.ended);
    this.socket.resume();
    return new Promise((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          this.waiter = undefined;
          reject(new ConnectionEndedError(`no message within ${timeoutMs / 1000} s`));
        }, timeoutMs);
      }
      this.waiter = {
        resolve: (frame) => (clearTimeout(timer), resolve(frame)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
    });
  }

  /** Sends one message; resolves once the socket has taken it (drain), so a slow peer holds us back. */
  send(payload: Uint8Array): Promise<void> {
    // As Python does: one write for small messages (Nagle), header and payload apart for large ones.
    const fits = payload.length <= 16384;
    const flushed = fits ? this.socket.write(encodeFrame(payload)) : (this.socket.write(encodeFrameHeader(payload.length)), this.socket.write(payload));
    if (flushed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (error?: Error) => {
        this.socket.off('drain', onDrain);
        this.socket.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => done();
      const onClose = () => done(this.ended ?? new ConnectionEndedError('the connection closed'));
      this.socket.on('drain', onDrain);
      this.socket.on('close', onClose);
    });
  }

  private async receiveHandshake(timeoutMs: number): Promise<Uint8Array> {
    const frame = await this.receive(timeoutMs);
    if (frame.length > maxHandshakeMessage) throw new AuthenticationError(`handshake message of ${frame.length} bytes (at most ${maxHandshakeMessage})`);
    return frame;
  }

  /** deliver_challenge: our challenge, their answer checked, WELCOME or FAILURE sent. */
  async deliverChallenge(key: Uint8Array, timeoutMs: number): Promise<void> {
    const { frame, message } = makeChallenge(randomBytes(challengeLength));
    await this.send(frame);
    const answer = await this.receiveHandshake(timeoutMs);
    try {
      verifyAnswer(key, message, answer);
    } catch (error) {
      await this.send(failure).catch(() => {});
      throw error;
    }
    await this.send(welcome);
  }

  /** answer_challenge: their challenge answered, their verdict read. */
  async answerChallenge(key: Uint8Array, timeoutMs: number): Promise<void> {
    const challenge = await this.receiveHandshake(timeoutMs);
    await this.send(answerChallenge(key, challenge));
    const verdict = await this.receiveHandshake(timeoutMs);
    if (!sameBytes(verdict, welcome)) throw new AuthenticationError('the peer rejected our digest: the authkey differs');
  }

  /** Client side of Client(address, authkey=...): answer first, then challenge. */
  async authenticateAsClient(key: Uint8Array, timeoutMs: number): Promise<void> {
    await this.answerChallenge(key, timeoutMs);
    await this.deliverChallenge(key, timeoutMs);
  }

  /** Listener side of accept() with an authkey: challenge first, then answer. */
  async authenticateAsServer(key: Uint8Array, timeoutMs: number): Promise<void> {
    await this.deliverChallenge(key, timeoutMs);
    await this.answerChallenge(key, timeoutMs);
  }
}
