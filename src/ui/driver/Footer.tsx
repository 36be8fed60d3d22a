/** A live view's bottom line: the filter prompt while typing; else what is shown now and the key hints that fit, from the binding table. */
import { Text } from 'ink';
import { displayWidth } from '../../render/width.js';
import { footerHints, type KeyTable } from './bindings.js';
import type { Theme } from '../theme.js';

export interface FooterProps {
  readonly keys: KeyTable<string>;
  readonly width: number;
  readonly theme: Theme;
  /** The text typed after `/`, or null when the prompt is closed. */
  readonly prompt: string | null;
  /** What the view shows now (`tcp+udp, listening hidden`), first on the line. */
  readonly status: string;
}

export function Footer({ keys, width, theme, prompt, status }: FooterProps) {
  if (prompt !== null) {
    return (
      <Text wrap="truncate-start">
        <Text {...theme.key}>/</Text>
        {prompt}
        <Text inverse> </Text>
        <Text {...theme.dim}>{'   Enter keeps the filter, Esc clears it'}</Text>
      </Text>
    );
  }
  const lead = status === '' ? '' : `${status}  `;
  // One column spare, as the table keeps.
  const hints = footerHints(keys, width - 1, displayWidth(lead));
  return (
    <Text wrap="truncate-end">
      {lead === '' ? null : <Text {...theme.label}>{lead}</Text>}
      {hints.map(({ key, word }, index) => (
        <Text key={key}>
          {index > 0 ? '  ' : ''}
          <Text {...theme.key}>{key}</Text>
          <Text {...theme.dim}>{` ${word}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
