/** The `serve --tui` table: connected clients with since, bytes and rate. Renders state only; never touches sockets. */
import { Box, Text } from 'ink';
import { formatBytes, formatDuration } from '../render/serve-log.js';
import { formatTable } from '../render/table.js';
import type { ServeViewState } from './serve-state.js';

export interface ServeViewProps {
  readonly state: ServeViewState;
  readonly nowMs: number;
  /** Most client rows shown; the rest are counted in one line. */
  readonly maxRows?: number;
}

const columns = [
  { header: 'client' },
  { header: 'since', align: 'right' },
  { header: 'in', align: 'right' },
  { header: 'out', align: 'right' },
  { header: 'rate in', align: 'right' },
  { header: 'rate out', align: 'right' },
] as const;

export function ServeView({ state, nowMs, maxRows = 20 }: ServeViewProps) {
  const shown = state.clients.slice(0, maxRows);
  const rows = shown.map((client) => [
    client.client,
    formatDuration(nowMs - client.sinceMs),
    formatBytes(client.bytesIn),
    formatBytes(client.bytesOut),
    `${formatBytes(Math.round(client.rateIn))}/s`,
    `${formatBytes(Math.round(client.rateOut))}/s`,
  ]);
  const [header = '', ...lines] = formatTable(columns, rows).trimEnd().split('\n');
  return (
    <Box flexDirection="column">
      <Text bold>
        {`Serving ${state.service} on ${state.address || '…'}: ${state.clients.length} connected, ${state.connections} total, ${state.refused} refused`}
      </Text>
      <Text bold>{header}</Text>
      {lines.map((line, i) => (
        <Text key={shown[i]!.id}>{line}</Text>
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
