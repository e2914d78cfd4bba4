// Every refusal the server can send a page is said in the user's language: each stable code thrown in src/ has a
// message in the web app (web/src/components/problem-message.ts, or a page's own table such as the DNS answers'), or
// is listed below as one no page meets. Without this, a new refusal would show the server's English `detail` to a
// Dutch user and nobody would notice.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Codes no page can meet, and why. */
const NOT_MET_BY_PAGES: Record<string, string> = {
  'order.not_found': 'partner API only',
  'parent_agreement.not_found': 'partner API only',
  'download_file.empty': 'files are uploaded with the CLI or the operator API, not from a page',
  'download_file.upload_failed': 'files are uploaded with the CLI or the operator API, not from a page',
  'request.invalid': 'pages check their inputs before sending; the fields of one that slips through are shown',
  'request.malformed_body': 'the web client always sends well-formed JSON',
  'request.unsupported_media_type': 'the web client always sends JSON',
  'route.not_found': 'the web client calls only routes that exist',
  'auth.token_invalid': 'partner API tokens only',
  'idempotency.key_reused': 'partner API only',
  'license_id.number_taken': 'partner API and import only',
  'order.number_taken': 'partner API and import only',
  'organization.rejected': 'partner API and import only',
  'parent_agreement.number_taken': 'partner API and import only',
  'product.exists': 'products are added with the CLI or the operator API',
  'download_file.too_large': 'files are uploaded with the CLI or the operator API, not from a page',
  'download.range_not_satisfiable': 'a download link is followed by the browser, which asks for valid ranges',
  'product.needs_no_key': 'key pools are loaded with the CLI or the operator API, not from a page',
  'license_summary.too_many_to_export':
    'a page links the summary export only under a summary it was answered at once, so of at most 1,000 License IDs',
  'license_summary.report_not_ready': 'a page links a report’s export only once the report is ready',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.tsx?$/.test(name))
    .map((name) => path.join(dir, name));
}

/** The codes of `notFound('…')`, `badRequest('…')`, `forbidden('…')`, `conflict('…')` and `new AppError(n, '…')`. */
function thrownCodes(): Set<string> {
  const pattern = /(?:\b(?:notFound|badRequest|forbidden|conflict)\(|new AppError\(\s*\d+,)\s*'([a-z_]+\.[a-z_.]+)'/g;
  const codes = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'src')))
    for (const match of readFileSync(file, 'utf8').matchAll(pattern)) codes.add(match[1]!);
  return codes;
}

/** Codes mapped to a message key — `'code': 'namespace.key',` — in the web app's tables. */
function translatedCodes(): Set<string> {
  // An entry may be wrapped after its colon.
  const entry = /^ {2}'([a-z_]+\.[a-z_.]+)':\s*'[a-zA-Z]+\.[a-zA-Z]+',$/gm;
  const codes = new Set<string>();
  for (const file of sourceFiles(path.join(ROOT, 'web/src')))
    for (const match of readFileSync(file, 'utf8').matchAll(entry)) codes.add(match[1]!);
  return codes;
}

describe('the web app’s messages for refusals', () => {
  it('has one for every code the server throws that a page can meet', () => {
    const thrown = thrownCodes();
    const translated = translatedCodes();
    // The scan finds the codes (a broken pattern would find none and pass).
    expect(thrown.size).toBeGreaterThan(50);
    expect(translated.size).toBeGreaterThan(50);
    const missing = [...thrown].filter((code) => !translated.has(code) && !(code in NOT_MET_BY_PAGES)).sort();
    expect(missing).toEqual([]);
  });

  it('lists as exceptions only codes the server throws and the web app lacks', () => {
    const thrown = thrownCodes();
    const translated = translatedCodes();
    const listed = Object.keys(NOT_MET_BY_PAGES);
    expect(listed.filter((code) => !thrown.has(code) || translated.has(code))).toEqual([]);
  });
});
