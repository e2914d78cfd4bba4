// Keyset pagination: an opaque cursor holds the sort key of the last row a page returned.
import { badRequest } from '../../domain/errors.js';

export type PageOf<T> = { items: T[]; nextCursor: string | null };
export const DEFAULT_PAGE_SIZE = 50;

export function encodeCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key in `cursor` (of `arity` strings), or undefined without one; a malformed cursor is a 400. */
export function decodeCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === 'string')) return key;
  } catch {
    // fall through
  }
  throw badRequest('request.invalid', 'The cursor is not valid: pass the nextCursor of the previous page unchanged.', [
    { name: 'querystring.cursor', message: 'is not a cursor this list returned', rule: 'cursor_invalid' },
  ]);
}

/** Cuts the one extra row a query fetched (limit + 1) into the page and the cursor of the next one. */
export function pageOf<R, T>(rows: R[], limit: number, view: (row: R) => T, keyOf: (row: R) => string[]): PageOf<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { items: shown.map(view), nextCursor: more ? encodeCursor(keyOf(shown[shown.length - 1]!)) : null };
}
