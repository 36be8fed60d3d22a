/** Records and questions laid out as dig lays them out (BIND's master-file style: tab stops of 8, columns at 24, 32, 40, 48). Pure text. */

const tabWidth = 8;
const ttlColumn = 24;
const classColumn = 32;
const typeColumn = 40;
const rdataColumn = 48;

/** BIND's indent(): tabs to reach `to`, or one space (or tab) past `from` when the text already reached it. */
function pad(from: number, to: number): string {
  const target = Math.max(to, from + 1);
  const tabs = Math.max(0, Math.floor(target / tabWidth) - Math.floor(from / tabWidth));
  return tabs > 0 ? '\t'.repeat(tabs) + ' '.repeat(target % tabWidth) : ' '.repeat(target - from);
}

/** Fields at their columns; a tab advances the column to the next multiple of 8. */
function columns(fields: readonly (readonly [string, number])[]): string {
  let line = '';
  let column = 0;
  for (const [text, at] of fields) {
    if (line !== '') {
      line += pad(column, at);
      column = Math.max(at, column + 1);
    }
    line += text;
    column += text.length;
  }
  return line;
}

/** `text` placed at `at` after a line that reached `column`: the gap and the column after it. */
function place(column: number, at: number, text: string): string {
  return pad(column, at) + text;
}

export interface DigRecord {
  readonly name: string;
  readonly ttl: number | null;
  readonly class: string;
  readonly type: string;
  readonly data: string;
}

/** `a.test.			300	IN	A	192.0.2.1`, byte for byte as dig prints an answer line; written out, as a transfer prints thousands. */
export function formatDigRecord(record: DigRecord): string {
  const ttl = record.ttl === null ? '-' : String(record.ttl);
  let column = record.name.length;
  let line = record.name + place(column, ttlColumn, ttl);
  column = Math.max(ttlColumn, column + 1) + ttl.length;
  line += place(column, classColumn, record.class);
  column = Math.max(classColumn, column + 1) + record.class.length;
  line += place(column, typeColumn, record.type);
  column = Math.max(typeColumn, column + 1) + record.type.length;
  return line + place(column, rdataColumn, record.data);
}

/** `;a.test.				IN	A`, as dig prints the question section: the `;` is not counted in the columns (BIND writes it first). */
export function formatDigQuestion(name: string, klass: string, type: string): string {
  return `;${columns([[name, 0], [klass, classColumn], [type, typeColumn]])}`;
}
