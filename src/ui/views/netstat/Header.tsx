/** The netstat view's top lines: host, time and position; counts per protocol and state of what is shown; interface rates. */
import { Text } from 'ink';
import { formatRate } from '../../../render/rate.js';
import type { Theme } from '../../theme.js';
import type { ViewState } from './state.js';

export interface HeaderProps {
  readonly state: ViewState;
  readonly host: string;
  readonly intervalMs: number;
  readonly theme: Theme;
  /** 3 lines when the terminal has room, else only the first. */
  readonly lines: number;
}

function clock(time: number): string {
  return new Date(time).toTimeString().slice(0, 8);
}

function seconds(ms: number): string {
  return `${ms / 1000}s`;
}

const groupWords = { none: ['socket', 'sockets'], process: ['process', 'processes'], remote: ['host', 'hosts'] } as const;

/** `12 sockets`, or `21-40 of 842 sockets` when they do not all fit; processes or hosts when grouped. */
function position(state: ViewState): string {
  const total = state.list.length;
  const [one, many] = groupWords[state.group];
  const what = total === 1 ? one : many;
  if (total === 0) return `no ${what} shown`;
  if (total <= state.pageSize) return `${total} ${what}`;
  const last = Math.min(total, state.scroll + state.pageSize);
  return `${state.scroll + 1}-${last} of ${total} ${what}`;
}

export function Header({ state, host, intervalMs, theme, lines }: HeaderProps) {
  const { snapshot } = state;
  const first = (
    <Text wrap="truncate-end">
      <Text {...theme.heading}>{host}</Text>
      {'  '}
      {snapshot ? clock(snapshot.time) : '--:--:--'}
      <Text {...theme.dim}>{`  every ${seconds(intervalMs)}  `}</Text>
      {position(state)}
      {state.filter !== '' && state.draft === null ? <Text {...theme.label}>{`  filter "${state.filter}"`}</Text> : null}
      {state.paused ? <Text {...theme.warn}>{'  PAUSED'}</Text> : null}
    </Text>
  );
  if (lines === 1) return first;
  const protocols = state.counts.protocols.map(([proto, count]) => `${proto} ${count}`).join('  ');
  const of = `${state.shownCount} of ${state.totalCount} sockets`;
  const interfaces = snapshot?.interfaces ?? [];
  return (
    <>
      {first}
      <Text wrap="truncate-end">
        <Text {...theme.dim}>{of}</Text>
        {protocols ? <Text {...theme.label}>{`  ${protocols}`}</Text> : null}
        {state.counts.states.map(([name, count]) => (
          <Text key={name}>
            {'  '}
            <Text {...theme.state(name)}>{name}</Text> {count}
          </Text>
        ))}
      </Text>
      <Text wrap="truncate-end">
        {interfaces.length === 0 ? <Text {...theme.dim}>no interface traffic</Text> : null}
        {interfaces.map((i, index) => (
          <Text key={i.name}>
            {index > 0 ? '   ' : ''}
            <Text {...theme.label}>{i.name}</Text>
            {` rx ${formatRate(i.rxRate)}  tx ${formatRate(i.txRate)}`}
          </Text>
        ))}
        {snapshot && snapshot.hiddenOwners > 0 ? <Text {...theme.warn}>{`   run as root to see the owners of ${snapshot.hiddenOwners} sockets`}</Text> : null}
      </Text>
    </>
  );
}
