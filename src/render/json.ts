/** JSON for machines: one document, or JSON Lines for streams. BigInt becomes a number when exact. */

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return value;
}

/** A whole document, indented for people who read it and ending in a newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, replacer, 2)}\n`;
}

/** One JSON Lines record. */
export function formatJsonLine(value: unknown): string {
  return `${JSON.stringify(value, replacer)}\n`;
}
