// Cursor paging for the API's list routes, shown one page at a time with Previous / Next.
//
// Every list route answers `{ items, nextCursor }` and takes `?cursor=&limit=`. The pages fetched so far live in one
// TanStack infinite query, so Previous is instant (no refetch, no stack of cursors to keep) and an invalidation
// refetches exactly the pages the user has seen. Render the result with `<PagedTable>` (./paged-table.tsx), or read
// `page`, `previous` and `next` for another layout.
import { hashKey, keepPreviousData, useInfiniteQuery, type QueryKey } from '@tanstack/react-query';
import { useState } from 'react';

/** Rows per page the web app asks for. */
export const pageSize = 25;

/** One answer of a cursor-paged list route. */
export type CursorPage<Item> = { items: Item[]; nextCursor: string | null };

export type CursorPagesOptions<Item> = {
  /**
   * Identifies the list and everything it is filtered by, e.g. `['tenant-users', tenantId, search]`. A new key is a
   * new list that starts at its first page: filters need not reset anything. Mutations invalidate by its prefix.
   */
  queryKey: QueryKey;
  /** Fetches one page: pass both values on to the route's query string. */
  fetchPage: (page: { cursor: string | undefined; limit: number }) => Promise<CursorPage<Item>>;
  /** As TanStack's `enabled`; defaults to true. */
  enabled?: boolean;
};

export type CursorPages<Item> = {
  /** The page on screen, or undefined until the first one has arrived. */
  page: CursorPage<Item> | undefined;
  /** 1-based number of the page on screen. */
  pageNumber: number;
  hasPrevious: boolean;
  hasNext: boolean;
  previous: () => void;
  /** Shows the next page; fetches it first when it is not loaded yet (the current page stays until it arrives). */
  next: () => void;
  /** True while the user waits for something they asked for: the next page, or the first page of a new filter. */
  isLoadingPage: boolean;
  /** First load: nothing to show yet. */
  isPending: boolean;
  isError: boolean;
  error: unknown;
  /** Retries what failed: the page being fetched, or the whole list. */
  retry: () => void;
};

/**
 * A cursor-paged list shown a page at a time.
 *
 * ```ts
 * const users = useCursorPages({
 *   queryKey: ['tenant-users', tenantId, search],
 *   fetchPage: ({ cursor, limit }) =>
 *     call(api.GET('/api/v1/tenants/{tenantId}/users', { params: { path: { tenantId }, query: { cursor, limit } } })),
 * });
 * ```
 *
 * Invalidate with the key's prefix (`queryClient.invalidateQueries({ queryKey: ['tenant-users', tenantId] })`).
 * To edit rows in the cache, `setQueriesData` receives `InfiniteData<CursorPage<Item>>`: map over its `pages`.
 */
export function useCursorPages<Item>({
  queryKey,
  fetchPage,
  enabled = true,
}: CursorPagesOptions<Item>): CursorPages<Item> {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage({ cursor: pageParam, limit: pageSize }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // While a new filter's first page loads, the old rows stay on screen instead of a spinner.
    placeholderData: keepPreviousData,
    enabled,
  });

  // The page index belongs to one key: a new key (another filter) starts at the first page. Until the new key's
  // data arrives the old pages are still shown, at the old index.
  const key = hashKey(queryKey);
  const [position, setPosition] = useState({ key, index: 0 });
  const wanted = position.key === key || query.isPlaceholderData ? position.index : 0;
  const pages = query.data?.pages ?? [];
  // Clamped: a wanted page that is still being fetched (or failed) leaves the current one on screen.
  const index = Math.max(0, Math.min(wanted, pages.length - 1));
  const hasNext = index < pages.length - 1 || query.hasNextPage;

  return {
    page: pages[index],
    pageNumber: index + 1,
    hasPrevious: index > 0,
    hasNext,
    previous: () => {
      if (index > 0) setPosition({ key, index: index - 1 });
    },
    next: () => {
      if (!hasNext || query.isFetchingNextPage) return;
      if (index + 1 >= pages.length) void query.fetchNextPage();
      setPosition({ key, index: index + 1 });
    },
    isLoadingPage: query.isFetchingNextPage || (query.isFetching && query.isPlaceholderData),
    isPending: query.isPending,
    isError: query.isError,
    error: query.error,
    retry: () => void (query.isFetchNextPageError ? query.fetchNextPage() : query.refetch()),
  };
}
