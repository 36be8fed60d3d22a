/** The live view's colour tokens as Ink text styles, decided once like render/palette.ts. No Ink import. */

/** The subset of Ink's <Text> props the view styles with. */
export interface Style {
  readonly color?: string;
  readonly bold?: boolean;
  readonly dimColor?: boolean;
  readonly inverse?: boolean;
  readonly strikethrough?: boolean;
}

export interface Theme {
  readonly heading: Style;
  readonly label: Style;
  readonly dim: Style;
  readonly key: Style;
  readonly warn: Style;
  /** A row new since the last refresh. */
  readonly added: Style;
  /** A row gone since the last refresh, shown once more. */
  readonly removed: Style;
  readonly columnHeader: Style;
  readonly state: (state: string) => Style;
}

const stateColors: Readonly<Record<string, string>> = {
  ESTABLISHED: 'green',
  LISTEN: 'cyan',
  UNCONN: 'cyan',
  TIME_WAIT: 'gray',
  CLOSE_WAIT: 'yellow',
  SYN_SENT: 'magenta',
  SYN_RECV: 'magenta',
};

/** Without colour (NO_COLOR, --no-color) the view still marks rows by weight and dimming, never by hue. */
export function createTheme(colors: boolean): Theme {
  if (!colors) {
    return {
      heading: { bold: true },
      label: { bold: true },
      dim: { dimColor: true },
      key: { bold: true },
      warn: { bold: true },
      added: { bold: true },
      removed: { dimColor: true, strikethrough: true },
      columnHeader: { bold: true, inverse: true },
      state: () => ({}),
    };
  }
  return {
    heading: { bold: true },
    label: { bold: true, color: 'cyan' },
    dim: { dimColor: true },
    key: { bold: true, color: 'cyan' },
    warn: { color: 'yellow' },
    added: { bold: true, color: 'greenBright' },
    removed: { dimColor: true, strikethrough: true },
    columnHeader: { bold: true, inverse: true },
    state: (state) => (stateColors[state] ? { color: stateColors[state] } : {}),
  };
}
