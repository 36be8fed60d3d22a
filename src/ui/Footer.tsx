/** The live view's bottom line: the filter prompt while typing, else the key hints. */
import { Text } from 'ink';
import { footerHints } from './keys.js';
import type { Theme } from './theme.js';

export interface FooterProps {
  readonly draft: string | null;
  readonly theme: Theme;
}

export function Footer({ draft, theme }: FooterProps) {
  if (draft !== null) {
    return (
      <Text wrap="truncate-start">
        <Text {...theme.key}>/</Text>
        {draft}
        <Text inverse> </Text>
        <Text {...theme.dim}>{'   Enter keeps the filter, Esc clears it'}</Text>
      </Text>
    );
  }
  return (
    <Text wrap="truncate-end">
      {footerHints.map(([key, action], index) => (
        <Text key={key}>
          {index > 0 ? '  ' : ''}
          <Text {...theme.key}>{key}</Text>
          <Text {...theme.dim}>{` ${action}`}</Text>
        </Text>
      ))}
    </Text>
  );
}
