import { Body1, Button, makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import { DataTable } from './data-table';
import { LoadError, Loading } from './page-states';
import type { CursorPages } from './use-cursor-pages';
import { useVisuallyHiddenClass } from './visually-hidden';

const useStyles = makeStyles({
  pager: { display: 'flex', gap: tokens.spacingHorizontalS },
});

type PagedTableProps<Item> = {
  /** From `useCursorPages`. */
  pages: CursorPages<Item>;
  /** The table's accessible name. */
  label: string;
  /** Header cells, in order. */
  columns: string[];
  /** One `<TableRow key=…>` per item. */
  row: (item: Item) => ReactNode;
  /** Shown under the header row when the list is empty. */
  empty: string;
};

/**
 * A cursor-paged list as a table: the spinner until the first page arrives, the error with a retry, the rows, an
 * empty message and the pager. A polite live region announces loading, so screen-reader users hear that Next or a
 * new filter is working while the previous rows stay on screen.
 */
export function PagedTable<Item>({ pages, label, columns, row, empty }: PagedTableProps<Item>) {
  const t = useT();
  const hidden = useVisuallyHiddenClass();
  const { page } = pages;
  return (
    <>
      {/* Always mounted, so that what appears in it is announced; out of the layout, the spinner is what shows. */}
      <div role="status" className={hidden}>
        {pages.isLoadingPage ? t('app.loading') : ''}
      </div>
      {pages.isPending && <Loading />}
      {pages.isError && <LoadError error={pages.error} onRetry={pages.retry} />}
      {page && (
        <>
          <DataTable label={label} columns={columns}>
            {page.items.map(row)}
          </DataTable>
          {page.items.length === 0 && <Body1>{empty}</Body1>}
          <Pager pages={pages} />
        </>
      )}
    </>
  );
}

/**
 * The same for a layout other than a table (sections, cards): `item` draws each item of the page, with its own key.
 */
export function PagedList<Item>({
  pages,
  item,
  empty,
}: {
  pages: CursorPages<Item>;
  item: (item: Item) => ReactNode;
  empty: string;
}) {
  const t = useT();
  const hidden = useVisuallyHiddenClass();
  const { page } = pages;
  return (
    <>
      <div role="status" className={hidden}>
        {pages.isLoadingPage ? t('app.loading') : ''}
      </div>
      {pages.isPending && <Loading />}
      {pages.isError && <LoadError error={pages.error} onRetry={pages.retry} />}
      {page && (
        <>
          {page.items.map(item)}
          {page.items.length === 0 && <Body1>{empty}</Body1>}
          <Pager pages={pages} />
        </>
      )}
    </>
  );
}

/**
 * Previous / Next for a `useCursorPages` list. The buttons stay focusable when unavailable (aria-disabled), so a
 * keyboard user who reaches the last page keeps focus on Next instead of losing it to the page.
 */
export function Pager({ pages }: { pages: CursorPages<unknown> }) {
  const t = useT();
  const styles = useStyles();
  return (
    <div className={styles.pager}>
      <Button disabledFocusable={!pages.hasPrevious} onClick={pages.previous}>
        {t('paging.previous')}
      </Button>
      <Button disabledFocusable={!pages.hasNext || pages.isLoadingPage} onClick={pages.next}>
        {t('paging.next')}
      </Button>
    </div>
  );
}
