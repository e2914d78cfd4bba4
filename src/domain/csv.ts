// RFC 4180 CSV and the tab-delimited variant (SPEC §7): UTF-8, a header row, CRLF line ends. A field is quoted when
// it holds the delimiter, a quote or a line break; quotes inside are doubled. Spreadsheet formula injection is
// defused by prefixing a quote character to fields that start with = + - @ (OWASP "CSV injection").

export type CsvValue = string | number | boolean | null | undefined;

/** Excel opens UTF-8 CSV correctly only with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return) gets a leading
 * quote character, so it is shown as text. Every export a spreadsheet may open (CSV here, the keys TSV) applies it.
 */
export const defuseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

function field(value: CsvValue, delimiter: string): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? defuseFormula(value) : String(value);
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvLine(values: readonly CsvValue[], delimiter = ','): string {
  return `${values.map((v) => field(v, delimiter)).join(delimiter)}\r\n`;
}
