/** Hex dumps in xxd's layout (offset, 16 bytes as 8 groups of 2, ASCII), for `-x`. Pure: no I/O. */

const bytesPerLine = 16;

/**
 * Formats `bytes` as xxd would, numbering from `offset` (the stream position of the first byte),
 * so successive chunks of one stream carry on from each other. A chunk's last line may be short.
 */
export function formatHexDump(bytes: Uint8Array, offset = 0): string {
  let text = '';
  for (let start = 0; start < bytes.length; start += bytesPerLine) {
    const line = bytes.subarray(start, start + bytesPerLine);
    let hex = '';
    let ascii = '';
    for (let i = 0; i < bytesPerLine; i++) {
      const byte = line[i];
      hex += byte === undefined ? '  ' : byte.toString(16).padStart(2, '0');
      if (i % 2 === 1 && i < bytesPerLine - 1) hex += ' ';
      if (byte !== undefined) ascii += byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
    }
    text += `${(offset + start).toString(16).padStart(8, '0')}: ${hex}  ${ascii}\n`;
  }
  return text;
}
