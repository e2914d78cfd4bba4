// RFC 4180 CSV and the tab-delimited variant (SPEC §7): UTF-8, a header row, CRLF line ends. A field is quoted when
// it holds the delimiter, a quote or a line break; quotes inside are doubled. Spreadsheet formula injection is
// defused by prefixing a quote character to fields that start with = + - @ (OWASP "CSV injection").

export type CsvValue = string | number | boolean | null | undefined;

/** Excel opens UTF-8 CSV correctly only with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';

const FORMULA_START = /^[=+\-@\t\r]/;

function field(value: CsvValue, delimiter: string): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, with its CRLF. */
export function csvLine(values: readonly CsvValue[], delimiter = ','): string {
  return `${values.map((v) => field(v, delimiter)).join(delimiter)}\r\n`;
}
