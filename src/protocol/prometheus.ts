/** The Prometheus text exposition format (version 0.0.4): metric families in, one document out. Pure: no I/O, no clock. */

export type MetricType = 'gauge' | 'counter' | 'summary';

export type Labels = Readonly<Record<string, string>>;

export interface Sample {
  /** Appended to the family's name: `_sum` and `_count` of a summary; none for plain samples. */
  readonly suffix?: '_sum' | '_count';
  readonly labels?: Labels;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly samples: readonly Sample[];
}

export const contentType = 'text/plain; version=0.0.4; charset=utf-8';

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** HELP text escapes backslash and newline; label values escape those and the double quote too. */
const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabelValue = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');

/** Go's ParseFloat spellings, which Prometheus reads: `+Inf`, `-Inf`, `NaN`; integers without an exponent. */
export function formatSampleValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? value.toFixed(0) : String(value);
}

function formatLabels(labels: Labels | undefined): string {
  if (!labels) return '';
  const pairs = Object.entries(labels);
  if (pairs.length === 0) return '';
  return `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',')}}`;
}

/**
 * One family's lines. Names are checked here rather than trusted: a bad one would make the whole
 * scrape unreadable to Prometheus, which rejects the document, not the line.
 */
function formatFamily(family: MetricFamily): string {
  if (!metricName.test(family.name)) throw new Error(`bad metric name '${family.name}'`);
  const lines = [`# HELP ${family.name} ${escapeHelp(family.help)}`, `# TYPE ${family.name} ${family.type}`];
  for (const sample of family.samples) {
    for (const name of Object.keys(sample.labels ?? {})) {
      if (!labelName.test(name) || name.startsWith('__')) throw new Error(`bad label name '${name}' on ${family.name}`);
    }
    lines.push(`${family.name}${sample.suffix ?? ''}${formatLabels(sample.labels)} ${formatSampleValue(sample.value)}`);
  }
  return lines.join('\n');
}

/** The whole document: families in the order given, each family's samples together, ending in a newline. */
export function formatExposition(families: readonly MetricFamily[]): string {
  const seen = new Set<string>();
  for (const family of families) {
    if (seen.has(family.name)) throw new Error(`metric family '${family.name}' given twice`);
    seen.add(family.name);
  }
  return families.length === 0 ? '' : `${families.map(formatFamily).join('\n')}\n`;
}
