/** A scan's results as a table for people and one JSON document for machines, from the same PortResults. */
import type { PortResult, PortState, StateCounts } from '../protocol/scan-result.js';
import type { Palette } from './palette.js';
import { formatTable, type Column } from './table.js';

export interface ScanReport {
  /** As typed: a name, or an address. */
  readonly host: string;
  /** The one address every port was probed on. */
  readonly address: string;
  readonly protocol: 'tcp' | 'udp';
  /** The ports shown (open ones, or all with --all), ascending. */
  readonly ports: readonly PortResult[];
  readonly counts: StateCounts;
  readonly elapsedMs: number;
  /** Owners were looked up (the host is this machine). */
  readonly owners: boolean;
  readonly banners: boolean;
}

function stateText(state: PortState, palette: Palette): string {
  switch (state) {
    case 'open':
      return palette.ok(state);
    case 'open|filtered':
      return palette.warn(state);
    case 'closed':
      return palette.dim(state);
    case 'filtered':
      return palette.warn(state);
  }
}

function ownerText(result: PortResult): string {
  if (result.pid == null) return result.state === 'open' || result.state === 'open|filtered' ? '-' : '';
  return `${result.pid}/${result.program ?? '?'}`;
}

/** `PORT STATE SERVICE [PROCESS] [BANNER]`, nmap's order; empty when no port is shown. */
export function formatScanTable(report: ScanReport, palette: Palette): string {
  const columns: Column[] = [{ header: 'PORT', align: 'right' }, { header: 'STATE' }, { header: 'SERVICE' }];
  if (report.owners) columns.push({ header: 'PROCESS' });
  if (report.banners) columns.push({ header: 'BANNER' });
  const rows = report.ports.map((result) => {
    const row = [
      `${palette.port(String(result.port))}/${report.protocol}`,
      stateText(result.state, palette) + (result.reason ? palette.dim(` (${result.reason})`) : ''),
      result.service ? palette.name(result.service) : palette.dim('-'),
    ];
    if (report.owners) row.push(ownerText(result));
    if (report.banners) row.push(result.banner ?? '');
    return row;
  });
  return rows.length ? formatTable(columns, rows, { styleHeader: palette.heading }) : '';
}

/** The JSON document README documents: owners and banners only where they were looked for. */
export function scanReportJson(report: ScanReport): unknown {
  return {
    host: report.host,
    address: report.address,
    protocol: report.protocol,
    ports: report.ports.map((result) => ({
      port: result.port,
      state: result.state,
      service: result.service,
      ...(result.reason !== undefined && { reason: result.reason }),
      ...(report.owners && result.pid !== undefined && { pid: result.pid, program: result.program ?? null }),
      ...(report.banners && result.banner !== undefined && { banner: result.banner }),
    })),
    counts: report.counts,
    elapsedMs: Math.round(report.elapsedMs),
  };
}
