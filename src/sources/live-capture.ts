/** Live packets through the addon's libpcap (captureOpen): batches of pcap records, the kernel's counters, and failures as NettoolErrors. */
import { NettoolError, UsageError } from '../errors.js';
import { loadNativeAddon } from './native-addon.js';

export interface LiveCaptureOptions {
  readonly device: string;
  readonly snaplen: number;
  readonly filter: string;
  /** Deliver each packet at once (a person watching) rather than when the kernel's block fills or times out. */
  readonly immediate: boolean;
  /** NETTOOL_LIBPCAP: the library to load instead of the usual names. */
  readonly library: string | undefined;
}

export interface LiveCapture {
  readonly linkType: number;
  /** [received by filter, dropped by kernel, dropped by interface] as pcap_stats says. */
  stats(): readonly [number, number, number];
  /** Stops reading (the kernel buffers, then drops and counts) until resumed: back-pressure. */
  pause(paused: boolean): void;
  close(): void;
}

interface CaptureFunctions {
  captureOpen(
    options: { device: string; snaplen: number; filter: string; immediate: number; timeoutMs: number; bufferSize: number; library: string },
    onBatch: (batch: Buffer | null, count: number, error?: string) => void,
  ): { handle: object; linkType: number };
  captureStats(handle: object): [number, number, number];
  capturePause(handle: object, paused: boolean): void;
  captureClose(handle: object): void;
  filterCompile(linkType: number, snaplen: number, expression: string, library: string): object;
  filterRun(program: object, batch: Buffer, count: number): Buffer;
}

/**
 * The kernel's ring for this capture: 8 MiB where libpcap (and so tcpdump) takes 2. A garbage
 * collection can hold the event loop for tens of milliseconds, and a 64-byte flood fills 2 MiB of
 * ring in less than that; the larger ring rides such pauses out instead of dropping.
 */
const kernelBufferBytes = 8 << 20;

const installHint = 'install libpcap: apt-get install libpcap0.8 (Debian/Ubuntu), dnf install libpcap (Fedora), apk add libpcap (Alpine)';

function captureFunctions(): CaptureFunctions {
  const status = loadNativeAddon();
  if (status.kind === 'absent') throw new NettoolError(`capture needs nettool's native addon, which is not available: ${status.reason}`);
  const addon = status.addon as unknown as Partial<CaptureFunctions>;
  if (typeof addon.captureOpen !== 'function') throw new NettoolError(`the native addon at ${status.path} was built without capture: rebuild it (npm run build)`);
  return addon as CaptureFunctions;
}

/** The addon's errors (code + libpcap's words) as the one line a user reads. */
function translate(error: unknown, device: string): never {
  const { code, message } = error as { code?: string; message?: string };
  switch (code) {
    case 'ENOLIBPCAP':
      throw new NettoolError(`capture needs libpcap, which did not load: ${installHint} (${message})`);
    case 'EPERM':
      throw new NettoolError(
        `no permission to capture on ${device}: needs root or CAP_NET_RAW: run with sudo, or once: sudo setcap cap_net_raw,cap_net_admin+eip "$(readlink -f "$(command -v node)")" (${message})`,
      );
    case 'ENODEV':
      throw new NettoolError(`no interface named ${device} (${message}); nettool info lists them`);
    case 'EFILTER':
      throw new UsageError(`bad filter: ${message}`);
    default:
      throw new NettoolError(`capture on ${device} failed: ${message ?? String(error)}`);
  }
}

/** `onBatch(null, 0, message)` comes once if the capture cannot go on (the interface went away). */
export function openLiveCapture(options: LiveCaptureOptions, onBatch: (batch: Buffer | null, count: number, error?: string) => void): LiveCapture {
  const native = captureFunctions();
  let opened: { handle: object; linkType: number };
  try {
    opened = native.captureOpen(
      { device: options.device, snaplen: options.snaplen, filter: options.filter, immediate: options.immediate ? 1 : 0, timeoutMs: 200, bufferSize: kernelBufferBytes, library: options.library ?? '' },
      onBatch,
    );
  } catch (error) {
    translate(error, options.device);
  }
  const { handle, linkType } = opened;
  let closed = false;
  return {
    linkType,
    stats: () => native.captureStats(handle),
    pause: (paused) => {
      if (!closed) native.capturePause(handle, paused);
    },
    close: () => {
      if (closed) return;
      closed = true;
      // Not from inside the addon's own callback (a -c limit reached in a batch): on the next turn.
      setImmediate(() => native.captureClose(handle));
    },
  };
}

/** A filter for packets read from a file: libpcap compiles it for the file's link type. */
export function compileFileFilter(linkType: number, snaplen: number, expression: string, library: string | undefined): (batch: Buffer, count: number) => Buffer {
  const native = captureFunctions();
  let program: object;
  try {
    program = native.filterCompile(linkType, snaplen, expression, library ?? '');
  } catch (error) {
    translate(error, 'a file');
  }
  return (batch, count) => native.filterRun(program, batch, count);
}
