/** A pcap or pcapng file (or stdin for `-`) as batches of packets, read in 256 KiB chunks: never the whole file in memory. */
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { describeSystemError, NettoolError } from '../errors.js';
import type { CapturedPacket } from '../protocol/packet/types.js';
import { CaptureFileError, CaptureFileReader } from '../protocol/pcap-file.js';

export async function* readCaptureFile(path: string, stdin: Readable, reader = new CaptureFileReader()): AsyncGenerator<readonly CapturedPacket[]> {
  const name = path === '-' ? 'stdin' : path;
  const input = path === '-' ? stdin : createReadStream(path, { highWaterMark: 256 << 10 });
  try {
    for await (const chunk of input) {
      const packets = reader.push(chunk as Buffer);
      if (packets.length) yield packets;
    }
  } catch (error) {
    if (error instanceof CaptureFileError) throw new NettoolError(`${name}: ${error.message}`);
    throw new NettoolError(`cannot read ${name}: ${describeSystemError(error)}`);
  } finally {
    if (path !== '-') input.destroy();
  }
  const left = reader.finish();
  if (left) throw new NettoolError(`${name}: ${left}`);
}
