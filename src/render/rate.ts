/** Byte rates for people: `0 B/s`, `812 B/s`, `12.4 KiB/s`, `3.1 GiB/s`. Strings only. */

const units = ['B/s', 'KiB/s', 'MiB/s', 'GiB/s', 'TiB/s'] as const;

/** IEC units, three significant digits at most, so a column of rates stays narrow (≤ 10 columns). */
export function formatRate(bytesPerSecond: number): string {
  let value = Math.max(0, bytesPerSecond);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)} ${units[0]}`;
  const text = value < 9.95 ? value.toFixed(1) : String(Math.round(value));
  // 1023.7 KiB rounds up to 1024: say 1.0 MiB instead.
  if (text === '1024' && unit < units.length - 1) return `1.0 ${units[unit + 1]}`;
  return `${text} ${units[unit]}`;
}

/** A rate cell: the rate, `-` when not known yet (or not a TCP connection), `n/a` when it cannot be known here. */
export function formatRateCell(rate: number | null, available: boolean): string {
  if (!available) return 'n/a';
  return rate === null ? '-' : formatRate(rate);
}
