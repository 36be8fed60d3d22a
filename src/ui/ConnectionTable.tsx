/** The live table: a header row and only the entries that fit, as sockets or as processes. */
import { Text } from 'ink';
import { sortIndicator } from '../protocol/watch-rows.js';
import { visibleEntries, type ListEntry, type ViewState } from '../protocol/watch-view.js';
import { columnGap, connectionCell, connectionColumns, fitCell, groupCell, groupColumns, headerCell, type ColumnSpec } from './table-layout.js';
import type { Style, Theme } from './theme.js';

export interface ConnectionTableProps {
  readonly state: ViewState;
  readonly width: number;
  readonly theme: Theme;
}

function entryStyle(entry: ListEntry, theme: Theme): Style {
  if (entry.kind === 'group') return entry.entry.hasNew ? theme.added : {};
  if (entry.entry.change === 'new') return theme.added;
  if (entry.entry.change === 'gone') return theme.removed;
  return {};
}

interface LineProps {
  readonly entry: ListEntry;
  readonly columns: readonly ColumnSpec[];
  readonly ratesAvailable: boolean;
  readonly ownersKnown: boolean;
  readonly theme: Theme;
}

function Line({ entry, columns, ratesAvailable, ownersKnown, theme }: LineProps) {
  const style = entryStyle(entry, theme);
  const cells = columns.map((column, index) => {
    const text = entry.kind === 'row' ? connectionCell(column.id, entry.entry.row, ratesAvailable, ownersKnown) : groupCell(column.id, entry.entry, ratesAvailable);
    const cell = (index > 0 ? columnGap : '') + fitCell(text, column);
    // Only live rows take the state's colour: a new or gone row keeps its one highlight.
    if (column.id === 'state' && entry.kind === 'row' && entry.entry.change === 'same') {
      return (
        <Text key={column.id} {...theme.state(text)}>
          {cell}
        </Text>
      );
    }
    return cell;
  });
  return (
    <Text wrap="truncate-end" {...style}>
      {cells}
    </Text>
  );
}

export function ConnectionTable({ state, width, theme }: ConnectionTableProps) {
  const columns = state.grouped ? groupColumns(width) : connectionColumns(width);
  const mark = sortIndicator(state.sort, state.grouped, state.reverse);
  const ratesAvailable = state.snapshot?.ratesAvailable ?? true;
  const ownersKnown = state.snapshot?.ownersKnown ?? true;
  const header = columns.map((column) => headerCell(column, mark.column, mark.descending)).join(columnGap).trimEnd();
  return (
    <>
      <Text wrap="truncate-end" {...theme.columnHeader}>
        {header}
      </Text>
      {visibleEntries(state).map((entry) => (
        <Line key={entry.kind === 'row' ? `row ${entry.entry.row.key}` : `group ${entry.entry.key}`} entry={entry} columns={columns} ratesAvailable={ratesAvailable} ownersKnown={ownersKnown} theme={theme} />
      ))}
    </>
  );
}
