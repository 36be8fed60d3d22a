/** The `?` screen: every binding of the view's table, wrapped at words to the width, in the lines the body would use. */
import { Text } from 'ink';
import { helpLines, type KeyTable } from './bindings.js';
import type { Theme } from '../theme.js';

export interface HelpOverlayProps {
  readonly keys: KeyTable<string>;
  /** Lines available. */
  readonly height: number;
  readonly width: number;
  readonly theme: Theme;
}

export function HelpOverlay({ keys, height, width, theme }: HelpOverlayProps) {
  const lines = helpLines(keys, width - 1);
  const room = Math.max(1, height - 1);
  const shown = lines.length > room ? [...lines.slice(0, room - 1), `  … ${lines.length - room + 1} more lines: make the terminal taller`] : lines;
  return (
    <>
      <Text {...theme.columnHeader} wrap="truncate-end">
        {' Keys — ? or Esc closes this help '}
      </Text>
      {shown.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </>
  );
}
