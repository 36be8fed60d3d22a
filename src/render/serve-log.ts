/** Access-log lines for `nettool serve`, as text for people or JSON Lines for machines, from the same events. */
import type { ServeEvent } from '../protocol/serve-events.js';

/** `1.5 KiB`, `3.2 MiB`: byte counts as people read them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `850 ms`, `12.3 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `04/Dec/2026 17:10:00`, local time, as Python's http.server (log_date_time_string) writes it. */
export function formatLogTime(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getDate())}/${months[date.getMonth()]}/${date.getFullYear()} ${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** One line per event; `nowMs` stamps access-log lines, as Python's http.server does. */
export function formatServeEvent(event: ServeEvent, nowMs = Date.now()): string {
  switch (event.type) {
    case 'listening':
      return `Serving ${event.service} on ${event.address} (${event.transport.toUpperCase()}${event.workers ? `, ${plural(event.workers, 'worker')}` : ''})`;
    case 'connection':
      return `Received connection from ${event.client}`;
    case 'refused':
      return `Refused ${event.client}: ${event.reason}`;
    case 'closed':
      return `Closed ${event.client} after ${formatDuration(event.durationMs)}: ${formatBytes(event.bytesIn)} in, ${formatBytes(event.bytesOut)} out${event.reason ? ` (${event.reason})` : ''}`;
    case 'datagram':
      return `Received datagram from ${event.client}: ${formatBytes(event.bytesIn)} in, ${formatBytes(event.bytesOut)} out`;
    case 'rate-limited':
      return `Dropping datagrams from ${event.client}: over --udp-rate ${event.limit}/s`;
    case 'request':
      // Python's http.server line (the Common Log Format) with the exact size and the time taken after it.
      return `${event.client} - - [${formatLogTime(nowMs)}] "${event.method} ${event.path} HTTP/${event.version}" ${event.status} ${event.bytes} ${formatDuration(event.durationMs)}`;
    case 'error':
      return `Error: ${event.message}`;
    case 'summary': {
      const parts = [plural(event.connections, 'connection')];
      if (event.refused) parts[0] += ` (${event.refused} refused)`;
      if (event.datagrams || event.dropped) parts.push(`${plural(event.datagrams, 'datagram')} answered${event.dropped ? `, ${event.dropped} dropped by --udp-rate` : ''}`);
      return `Stopped ${event.service} after ${formatDuration(event.durationMs)}: ${parts.join(', ')}; ${formatBytes(event.bytesIn)} in, ${formatBytes(event.bytesOut)} out`;
    }
  }
}

/** One JSON Lines record: the event's fields plus an ISO time stamp. */
export function formatServeEventJson(event: ServeEvent, nowMs: number): string {
  return `${JSON.stringify({ time: new Date(nowMs).toISOString(), event: event.type, ...event, type: undefined })}\n`;
}
