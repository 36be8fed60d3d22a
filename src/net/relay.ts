/**
 * Relays one connected stream both ways with back-pressure and the EOF model of telnet/nc:
 * input to the socket, socket to output. Knows no protocol: encode/decode are handed in.
 */
import type { Socket } from 'node:net';
import type { Writable } from 'node:stream';
import { InterruptedError, NetworkError, describeSystemError } from '../errors.js';
import type { ByteSource } from './byte-source.js';

export interface RelayOptions {
  /** What to send (stdin, or a terminal's lines); `null` from it means end of input. */
  readonly source: ByteSource;
  /** Where received data goes (stdout); the socket pauses while it is full. */
  readonly output: Writable;
  /** Outgoing bytes → wire bytes (telnet NVT, -C). May return its input unchanged. */
  readonly encode?: (bytes: Uint8Array) => Uint8Array;
  /** Wire bytes to send when input ends (a telnet CR's closing NUL). */
  readonly encodeEnd?: () => Uint8Array;
  /** Wire bytes → bytes for output, and bytes to answer with (telnet option replies). */
  readonly decode?: (bytes: Uint8Array) => { readonly data: Uint8Array; readonly reply?: Uint8Array };
  /** Received data → what to write (a hex dump for -x). */
  readonly render?: (data: Uint8Array, offset: number) => string | Uint8Array;
  /** Every chunk on the wire, both ways (--transcript). What it throws ends the relay with that error. */
  readonly onWire?: (dir: 'in' | 'out', bytes: Uint8Array) => void;
  /** -q: close this long after input ends, even if the peer stays open. Unset: wait for the peer. */
  readonly quitAfterEofMs?: number;
  /** -w given explicitly: fail when nothing moves either way for this long. */
  readonly idleMs?: number;
  /**
   * End as soon as the peer closes its side, even with input left (telnet at a terminal).
   * Otherwise a peer's half-close still gets the rest of our input (nc -l serving a file).
   */
  readonly endWithPeer?: boolean;
  /**
   * After the peer's FIN, send what input keeps coming, but end once it stops (listen, as nc -l and
   * ncat -l end when the peer leaves): an open, idle stdin must not keep a departed peer's session,
   * and with -k every later peer, waiting. "Stops" is idleInputGraceMs with the source waiting on
   * stdin itself, not on the socket draining; a file on stdin never stops: all of it is sent.
   */
  readonly endWithPeerOnIdleInput?: boolean;
  /** End `output` when the peer half-closes: a program on the other side (-e) then sees end of its input. */
  readonly endOutputWithPeer?: boolean;
  readonly signal: AbortSignal;
}

/** How a relay ended normally; failures (reset, idle) are thrown as NetworkError, Ctrl-C as InterruptedError. */
export type RelayEnd = 'peer-closed' | 'quit-after-eof' | 'closed-locally';

export interface RelayStats {
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly inputEnded: boolean;
}

const stop = Symbol('stop');

/**
 * Our answers to the peer (telnet option replies) queued beyond this stop our reading it until the
 * socket drains: a peer that sends requests and never reads the answers must not grow memory
 * without bound. Above what the upload alone queues (a bounded source lends at most 4 MiB).
 */
const maxQueuedAnswers = 8 << 20;

/**
 * After the peer left (endWithPeerOnIdleInput), input that stays away this long ends the session.
 * A pipe being fed (`cat big | nettool listen`) hands over a chunk far more often than this.
 */
export const idleInputGraceMs = 200;

export class StreamRelay {
  private bytesIn = 0;
  private bytesOut = 0;
  private outputOffset = 0;
  private inputEnded = false;
  /** Our FIN is out: everything we had to send has been handed to the kernel. */
  private writeDone = false;
  private peerEnded = false;
  /** The upload is waiting for input that is not there yet. */
  private awaitingInput = false;
  /** Set while the peer has left and we wait for input: ends the session if none comes (endWithPeerOnIdleInput). */
  private idleTimer: NodeJS.Timeout | undefined;
  private settled = false;
  private finish!: (end: RelayEnd) => void;
  private fail!: (error: Error) => void;
  /**
   * Waits of the upload to end when the relay settles. Each is removed once its own promise
   * settles: racing every chunk against one long-lived promise would keep every chunk reachable
   * from that promise's reactions until the session ends (gigabytes from /dev/zero).
   */
  private readonly stopWaiters = new Set<() => void>();
  private readonly done: Promise<RelayEnd>;
  private readonly timers: NodeJS.Timeout[] = [];
  /** Reasons the socket is paused (stdout full, answers piling up); it resumes when none is left. */
  private holds = 0;
  /** Releases for chunks the socket still holds: a destroyed socket may never call back. */
  private readonly unreleased = new Set<() => void>();

  constructor(
    private readonly socket: Socket,
    private readonly options: RelayOptions,
  ) {
    this.done = new Promise<RelayEnd>((resolve, reject) => {
      this.finish = (end) => this.settle(() => resolve(end));
      this.fail = (error) => this.settle(() => reject(error));
    });
  }

  get stats(): RelayStats {
    return { bytesIn: this.bytesIn, bytesOut: this.bytesOut, inputEnded: this.inputEnded };
  }

  /** Runs until the peer closes, -q expires, close() is called, or something fails. */
  run(): Promise<RelayEnd> {
    const { socket, options } = this;
    const onAbort = () => this.fail(new InterruptedError());
    if (options.signal.aborted) onAbort();
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('end', () => {
      this.peerEnded = true;
      if (options.endOutputWithPeer) options.output.end();
      if (this.awaitingInput) this.armIdleEnd();
      this.finishIfBothClosed();
    });
    socket.on('error', (error) => {
      // The peer closed first and then refused the rest of our input: that is its normal close.
      if (this.peerEnded) this.finishIfBothClosed(true);
      else this.fail(new NetworkError(describeSystemError(error), { cause: error }));
    });
    socket.on('close', () => {
      for (const release of this.unreleased) release();
      this.unreleased.clear();
      // A close without 'end' or 'error' (destroyed under us) still ends the relay.
      this.drainOutput().then(() => this.finish('peer-closed'));
    });
    if (options.idleMs) {
      socket.setTimeout(options.idleMs, () =>
        this.fail(new NetworkError(`idle for ${options.idleMs! / 1000} s: nothing sent or received (-w)`)),
      );
    }
    void this.upload().catch((error: unknown) => this.fail(new NetworkError(`reading input: ${describeSystemError(error)}`, { cause: error })));
    return this.done.finally(() => options.signal.removeEventListener('abort', onAbort));
  }

  /** Sends bytes now (the `send` prompt command), through the same encoding as input. */
  send(bytes: Uint8Array): void {
    this.write(this.options.encode ? this.options.encode(bytes) : bytes);
  }

  /** Sends wire bytes as they are (a telnet command such as IAC IP). */
  sendRaw(bytes: Uint8Array): void {
    this.write(bytes);
  }

  /** Ends the session as Ctrl-C does in a one-shot command (exit 130). */
  interrupt(): void {
    this.fail(new InterruptedError());
  }

  /** Closes the connection from our side and ends the relay normally. */
  close(): void {
    this.finish('closed-locally');
  }

  private settle(action: () => void): void {
    if (this.settled) return;
    this.settled = true;
    for (const wake of this.stopWaiters) wake();
    this.stopWaiters.clear();
    for (const timer of this.timers) clearTimeout(timer);
    clearTimeout(this.idleTimer);
    this.socket.destroy();
    action();
  }

  private write(wire: Uint8Array, release?: () => void): boolean {
    // After our half-close nothing more can go out: a telnet option reply, the prompt's `send` or
    // Ctrl-C's IAC IP then is dropped (writing would fail the whole session with "write after end").
    if (wire.length === 0 || this.socket.writableEnded) {
      release?.();
      return true;
    }
    this.bytesOut += wire.length;
    this.record('out', wire);
    if (!release) return this.socket.write(wire);
    this.unreleased.add(release);
    return this.socket.write(wire, () => {
      this.unreleased.delete(release);
      release();
    });
  }

  private async upload(): Promise<void> {
    const { source, encode } = this.options;
    for (;;) {
      // Chunks already read are taken at once; a promise only when we must wait for input.
      if (this.settled) return;
      let chunk = source.poll();
      if (chunk === undefined) {
        this.awaitingInput = true;
        if (this.peerEnded) this.armIdleEnd();
        const waited = await this.unlessStopped(source.next());
        this.awaitingInput = false;
        clearTimeout(this.idleTimer);
        // Not consumed when the session is over: the chunk stays for the next reader (listen -k).
        if (waited === stop || this.settled) return;
        source.consume();
        chunk = waited;
      }
      if (chunk === null) break;
      const wire = encode ? encode(chunk.bytes) : chunk.bytes;
      // The chunk goes back to the source only once written, so a bounded source also bounds
      // what the socket holds, and reading ahead keeps the socket busy; otherwise wait for 'drain'.
      const ok = this.write(wire, chunk.release);
      if (!ok && !source.bounded && (await this.unlessStopped(this.drained())) === stop) return;
    }
    this.inputEnded = true;
    const tail = this.options.encodeEnd?.();
    if (tail) this.write(tail);
    // End of input: shut our write side (half-close) and keep reading until the peer closes.
    this.socket.end(() => {
      this.writeDone = true;
      if (this.peerEnded) return this.finishIfBothClosed();
      const wait = this.options.quitAfterEofMs;
      if (wait !== undefined) this.timers.push(setTimeout(() => this.finish('quit-after-eof'), wait));
    });
  }

  /**
   * The peer has left and the upload waits for input: end the session unless some arrives within
   * idleInputGraceMs. While the source is held back by the socket (its buffers all lent out to a
   * slow reader), that is not idle input: look again later. Never for a file: it is never idle.
   */
  private armIdleEnd(): void {
    const { endWithPeerOnIdleInput, source } = this.options;
    if (endWithPeerOnIdleInput !== true || source.neverIdle === true) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (!this.awaitingInput) return;
      if (source.waitingOnInput === false) this.armIdleEnd();
      else this.finishIfBothClosed(true);
    }, idleInputGraceMs);
  }

  /** After the peer's FIN: done once our own input is sent too (or at once, for endWithPeer, idle input or a write error). */
  private finishIfBothClosed(force = false): void {
    if (force || this.writeDone || this.options.endWithPeer) void this.drainOutput().then(() => this.finish('peer-closed'));
  }

  /** --transcript: a record that cannot be written (a full disk) ends the session with one line, not a crash. */
  private record(dir: 'in' | 'out', bytes: Uint8Array): void {
    try {
      this.options.onWire?.(dir, bytes);
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** `promise`, or `stop` as soon as the relay settles; holds nothing once either has happened. */
  private unlessStopped<T>(promise: Promise<T>): Promise<T | typeof stop> {
    if (this.settled) return Promise.resolve(stop);
    return new Promise<T | typeof stop>((resolve, reject) => {
      const wake = () => resolve(stop);
      this.stopWaiters.add(wake);
      promise.then(
        (value) => {
          this.stopWaiters.delete(wake);
          resolve(value);
        },
        (error: unknown) => {
          this.stopWaiters.delete(wake);
          reject(error);
        },
      );
    });
  }

  private drained(): Promise<void> {
    return new Promise((resolve) => this.socket.once('drain', resolve));
  }

  private receive(chunk: Buffer): void {
    this.bytesIn += chunk.length;
    this.record('in', chunk);
    const decoded: { data: Uint8Array; reply?: Uint8Array } = this.options.decode ? this.options.decode(chunk) : { data: chunk };
    if (decoded.reply?.length) {
      this.write(decoded.reply);
      if (this.socket.writableLength > maxQueuedAnswers) this.holdUntil(this.socket, 'drain');
    }
    if (decoded.data.length === 0) return;
    const rendered = this.options.render ? this.options.render(decoded.data, this.outputOffset) : decoded.data;
    this.outputOffset += decoded.data.length;
    // Back-pressure from stdout: stop reading the socket (and so the peer) until it drains.
    if (!this.options.output.write(rendered)) this.holdUntil(this.options.output, 'drain');
  }

  /** Stops reading the socket until `event`, and reads again once nothing else holds it. */
  private holdUntil(emitter: Writable | Socket, event: 'drain'): void {
    if (this.holds++ === 0) this.socket.pause();
    emitter.once(event, () => {
      if (--this.holds === 0) this.socket.resume();
    });
  }

  private drainOutput(): Promise<void> {
    const output = this.options.output;
    if (!output.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      output.once('drain', resolve);
      output.once('close', resolve);
    });
  }
}
