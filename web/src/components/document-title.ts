import { useEffect } from 'react';
import { useT } from '../i18n/i18n';

/** Screen-reader users hear the tab title first after a client-side navigation, so every page sets one. */
export function useDocumentTitle(page: string): void {
  const t = useT();
  useEffect(() => {
    document.title = t('app.documentTitle', { page });
  }, [page, t]);
}
