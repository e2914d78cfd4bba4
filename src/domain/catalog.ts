// Catalog, downloads and product keys (SPEC §3, §8) — the rules with no I/O: key types, masking, which products a
// License ID may download, HTTP Range parsing, and the tab-delimited keys export.
import { defuseFormula } from './csv.js';
import type { LicenseIdStatus } from './license-ids.js';

export const PRODUCT_KEY_TYPES = ['mak', 'kms-host', 'kms-client', 'static', 'online-activation', 'setup'] as const;
export type ProductKeyType = (typeof PRODUCT_KEY_TYPES)[number];

export const FILE_OS_TYPES = ['windows', 'linux', 'macos', 'any'] as const;
export const FILE_ARCHITECTURES = ['x64', 'x86', 'arm64', 'neutral'] as const;
export const FILE_FORMATS = ['iso', 'exe', 'zip', 'msi', 'img', 'other'] as const;

/**
 * The key types a License ID gets (one key of each) when it orders a product. A product that needs a key but was
 * created before key types existed (key_types empty) gets a MAK.
 */
export function keyTypesOf(product: { needsKey: boolean; keyTypes: readonly string[] }): ProductKeyType[] {
  if (!product.needsKey) return [];
  const types = PRODUCT_KEY_TYPES.filter((t) => product.keyTypes.includes(t));
  return types.length > 0 ? types : ['mak'];
}

/** Product keys are normalized to upper case without surrounding blanks before they are sealed and compared. */
export const normalizeProductKey = (key: string): string => key.trim().toUpperCase();

/**
 * A key shown without revealing it: every letter and digit but the last five becomes `X`; dashes stay, so the shape
 * (XXXXX-XXXXX-XXXXX-XXXXX-7Q2KF) is recognizable. Keys of five characters or fewer are fully masked.
 */
export function maskProductKey(key: string): string {
  const chars = [...key];
  const alnum = chars.filter((c) => /[0-9A-Za-z]/.test(c)).length;
  let seen = 0;
  const keep = alnum > 5 ? 5 : 0;
  return chars
    .map((c) => {
      if (!/[0-9A-Za-z]/.test(c)) return c;
      seen += 1;
      return seen > alnum - keep ? c : 'X';
    })
    .join('');
}

export type CatalogVisibility = 'purchased' | 'all';

/**
 * What a License ID may download (SPEC §8), decided on its program's catalog visibility and its status today:
 *   active  — `purchased`: the products ordered on it; `all`: the whole catalog;
 *   expired — the products ordered on it, whatever the program (perpetual rights outlive the agreement; the whole
 *             catalog does not);
 *   terminated — nothing.
 */
export function downloadScope(
  visibility: CatalogVisibility,
  status: LicenseIdStatus,
): { scope: 'ordered' | 'catalog' | 'none'; reason: string } {
  if (status === 'terminated')
    return { scope: 'none', reason: 'This License ID was terminated: no software can be downloaded for it.' };
  if (status === 'expired')
    return {
      scope: 'ordered',
      reason:
        visibility === 'all'
          ? 'This License ID has expired: only the products ordered on it can still be downloaded.'
          : 'Only the products ordered on this License ID can be downloaded.',
    };
  return visibility === 'all'
    ? { scope: 'catalog', reason: 'This program gives access to the whole catalog while the License ID is active.' }
    : { scope: 'ordered', reason: 'Only the products ordered on this License ID can be downloaded.' };
}

/** A satisfiable single byte range, inclusive; `unsatisfiable` → 416; `ignore` → serve the whole file (200). */
export type RangeAnswer =
  { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' } | { kind: 'ignore' };

/**
 * Parses a Range header (RFC 9110 §14) for a file of `size` bytes: one range of the forms `bytes=a-b`, `bytes=a-`,
 * `bytes=-n`. A header that is not a byte range, or asks for several ranges, is ignored (the whole file is sent — RFC
 * 9110 allows it); a syntactically valid range that starts past the end is unsatisfiable.
 */
export function parseRange(header: string | undefined, size: number): RangeAnswer {
  if (header === undefined) return { kind: 'ignore' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return { kind: 'ignore' };
  const [, first, last] = match as unknown as [string, string, string];
  if (first === '' && last === '') return { kind: 'ignore' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return { kind: 'ignore' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end };
}

/**
 * One cell of the tab-delimited keys export. Text a spreadsheet would run as a formula is defused first, by the rule
 * of the CSV exports (domain/csv.ts); then tabs, line breaks and backslashes inside a value are written as `\t`, `\n`,
 * `\r` and `\\` (the escapes of PostgreSQL's text COPY format), so every record is one line with a fixed number of
 * cells and nothing is lost.
 */
export function tsvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'string' ? defuseFormula(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

export const tsvLine = (cells: readonly (string | number | null)[]): string => cells.map(tsvCell).join('\t') + '\r\n';

/** SPEC §7: the keys export's columns, in order. */
export const KEY_EXPORT_COLUMNS = [
  'License ID',
  'Parent program',
  'Organization',
  'Product',
  'Key',
  'Type',
  'Activations used',
  'Activations available',
  'Seats',
  'Online activation state',
] as const;
