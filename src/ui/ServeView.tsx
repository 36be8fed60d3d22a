/** The `serve --tui` table: connected clients with since, bytes and rate. Renders state only; never touches sockets. */
import { Box, Text } from 'ink';
import { formatBytes, formatDuration } from '../render/serve-log.js';
import type { ServeViewState } from './serve-state.js';

export interface ServeViewProps {
  readonly state: ServeViewState;
  readonly nowMs: number;
  /** Most client rows shown; the rest are counted in one line. */
  readonly maxRows?: number;
}

const columns = [
  { header: 'client', width: 28 },
  { header: 'since', width: 12 },
  { header: 'in', width: 10 },
  { header: 'out', width: 10 },
  { header: 'rate in/out', width: 22 },
] as const;

function row(cells: readonly string[]): string {
  return cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(columns[i]!.width))).join(' ');
}

export function ServeView({ state, nowMs, maxRows = 20 }: ServeViewProps) {
  const shown = state.clients.slice(0, maxRows);
  return (
    <Box flexDirection="column">
      <Text bold>
        {`Serving ${state.service} on ${state.address || '…'}: ${state.clients.length} connected, ${state.connections} total, ${state.refused} refused`}
      </Text>
      <Text bold>{row(columns.map((c) => c.header))}</Text>
      {shown.map((client) => (
        <Text key={client.id}>
          {row([
            client.client,
            formatDuration(nowMs - client.sinceMs),
            formatBytes(client.bytesIn),
            formatBytes(client.bytesOut),
            `${formatBytes(Math.round(client.rateIn))}/s / ${formatBytes(Math.round(client.rateOut))}/s`,
          ])}
        </Text>
      ))}
      {state.clients.length > shown.length ? <Text dimColor>{`… and ${state.clients.length - shown.length} more`}</Text> : null}
      {state.recent.map((line, i) => (
        <Text key={`recent-${i}`} dimColor>
          {line}
        </Text>
      ))}
    </Box>
  );
}
