/** The `?` screen: every key binding, from keys.ts, in the rows the table would use. */
import { Text } from 'ink';
import { keyHelp } from './keys.js';
import type { Theme } from './theme.js';

export interface HelpOverlayProps {
  /** Lines available, the table header's included. */
  readonly height: number;
  readonly theme: Theme;
}

export function HelpOverlay({ height, theme }: HelpOverlayProps) {
  const width = Math.max(...keyHelp.map(([keys]) => keys.length));
  const lines = [
    <Text key="title" {...theme.columnHeader} wrap="truncate-end">
      {' Keys — ? or Esc closes this help '}
    </Text>,
    ...keyHelp.map(([keys, action]) => (
      <Text key={keys} wrap="truncate-end">
        {'  '}
        <Text {...theme.key}>{keys.padEnd(width)}</Text>
        {`  ${action}`}
      </Text>
    )),
  ];
  return <>{lines.slice(0, Math.max(1, height))}</>;
}
