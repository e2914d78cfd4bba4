// Products and services (SPEC §8): a License ID's downloads (products with their files, a short-lived signed link per
// download) and its product keys (masked; reveal and copy are audited; exports are plain links to the TSV routes, so
// the browser streams the file to disk).
import { useMutation, useQuery } from '@tanstack/react-query';
import { useCursorPages } from '../components/use-cursor-pages';
import { api, call } from './client';
import { contractsQueryKey } from './onboarding';
import type { operations } from './schema';

type Json<Operation, Status extends number> = Operation extends {
  responses: Record<Status, { content: { 'application/json': infer Body } }>;
}
  ? Body
  : never;

export type DownloadsPage = Json<operations['listDownloads'], 200>;
export type DownloadableProduct = DownloadsPage['items'][number];
export type DownloadFile = DownloadableProduct['files'][number];
export type OsType = DownloadFile['os'];
export type ProductKeys = Json<operations['listProductKeys'], 200>['items'][number];
export type ProductKey = ProductKeys['keys'][number];
export type KeyType = ProductKey['type'];

/**
 * The products `licenseIdNumber` may download, with all their files: the page picks language and OS itself, so it can
 * tell "nothing published" from "nothing in the language you picked" (the products listed do not depend on either).
 */
export function useDownloadPages(licenseIdNumber: string) {
  const pages = useCursorPages<DownloadableProduct>({
    queryKey: ['downloads', licenseIdNumber],
    fetchPage: ({ cursor, limit }) =>
      call(
        api.GET('/api/v1/license-ids/{licenseIdNumber}/downloads', {
          params: { path: { licenseIdNumber }, query: { cursor, limit } },
        }),
      ),
  });
  // Each page is the route's whole answer: beside the items, the License ID's scope and the files' languages and OS.
  return { ...pages, page: pages.page as DownloadsPage | undefined };
}

/** Asks for a signed link (valid a few minutes, audited) and lets the browser download the file through it. */
export function useDownloadFile(licenseIdNumber: string) {
  return useMutation({
    mutationFn: (fileId: string) =>
      call(
        api.POST('/api/v1/license-ids/{licenseIdNumber}/downloads/{fileId}/link', {
          params: { path: { licenseIdNumber, fileId } },
        }),
      ),
    // The answer is an attachment: the browser saves it and the page stays.
    onSuccess: (link) => window.location.assign(link.path),
  });
}

export function useProductKeyPages(licenseIdNumber: string) {
  return useCursorPages<ProductKeys>({
    queryKey: ['product-keys', licenseIdNumber],
    fetchPage: ({ cursor, limit }) =>
      call(
        api.GET('/api/v1/license-ids/{licenseIdNumber}/keys', {
          params: { path: { licenseIdNumber }, query: { cursor, limit } },
        }),
      ),
  });
}

/** One key in plain text; the server audits it with the purpose (show or copy). */
export function revealProductKey(licenseIdNumber: string, keyId: string, purpose: 'show' | 'copy') {
  return call(
    api.POST('/api/v1/license-ids/{licenseIdNumber}/keys/{keyId}/reveal', {
      params: { path: { licenseIdNumber, keyId }, query: { purpose } },
    }),
  );
}

/** The License ID's keys as a tab-delimited file: all of them, or only `keyIds`. */
export function keysExportUrl(licenseIdNumber: string, keyIds?: readonly string[]): string {
  const path = `/api/v1/license-ids/${encodeURIComponent(licenseIdNumber)}/keys/export`;
  return keyIds?.length ? `${path}?keyIds=${keyIds.join(',')}` : path;
}

/** Every key of every License ID whose keys the caller's roles show. */
export const allKeysExportUrl = '/api/v1/keys/export';

/**
 * The caller's row of one License ID in the contracts list (its roles and what they allow), or null when they hold no
 * role on it: how a page explains a refusal (the API answers 404 alike for "no such License ID" and "not for you").
 */
export function useContractRow(licenseIdNumber: string, enabled: boolean) {
  return useQuery({
    queryKey: [...contractsQueryKey, 'row', licenseIdNumber],
    queryFn: async () => {
      const page = await call(
        api.GET('/api/v1/contracts', { params: { query: { licenseIdNumbers: licenseIdNumber, limit: 1 } } }),
      );
      return page.items.find((row) => row.licenseIdNumber === licenseIdNumber) ?? null;
    },
    enabled,
  });
}
