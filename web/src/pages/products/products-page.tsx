// Products and services (SPEC §8): the caller's License IDs, each with the links its roles open — Downloads (Product
// download manager, Administrator) and Product keys (Product keys reader, Administrator) — and one export of every
// product key the caller may read.
import { Body1, Button, makeStyles, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useId } from 'react';
import { useContractPages, type ContractRow } from '../../api/contracts';
import { allKeysExportUrl } from '../../api/products';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { RouterLink } from '../../components/router-link';
import { useVisuallyHiddenClass } from '../../components/visually-hidden';
import { useT } from '../../i18n/i18n';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';
import { downloadsPath, productKeysPath } from './paths';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  buttons: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  muted: { color: tokens.colorNeutralForeground2 },
  scroll: { overflowX: 'auto' },
  licenseId: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, whiteSpace: 'nowrap' },
});

export function ProductsPage() {
  const t = useT();
  const styles = useStyles();
  const hintId = useId();
  // The contracts list's first page, shared with the Contracts page's cache.
  const pages = useContractPages({});
  return (
    <>
      <PageHeader title={t('products.title')} intro={t('products.intro')} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        <div className={styles.buttons}>
          <Button as="a" href={allKeysExportUrl} download icon={<ArrowDownload20Regular />} aria-describedby={hintId}>
            {t('products.exportAllKeys')}
          </Button>
          <Body1 id={hintId} className={styles.muted}>
            {t('products.exportAllKeysHint')}
          </Body1>
        </div>
        <div className={styles.scroll}>
          <PagedTable
            pages={pages}
            label={t('products.tableLabel')}
            empty={t('products.none')}
            columns={[
              t('products.licenseId'),
              t('products.organization'),
              t('products.program'),
              t('products.status'),
              t('products.actions'),
            ]}
            row={(contract) => (
              <TableRow key={contract.licenseIdNumber}>
                <TableCell className={styles.licenseId}>{contract.licenseIdNumber}</TableCell>
                <TableCell>{contract.organizationName}</TableCell>
                <TableCell>{contract.programName}</TableCell>
                <TableCell>{t(`contracts.${contract.status}`)}</TableCell>
                <TableCell>
                  <ProductLinks contract={contract} />
                </TableCell>
              </TableRow>
            )}
          />
        </div>
      </div>
    </>
  );
}

/** The links the caller's roles on this License ID open; the hidden words name the License ID for screen readers. */
function ProductLinks({ contract }: { contract: ContractRow }) {
  const t = useT();
  const styles = useStyles();
  const hidden = useVisuallyHiddenClass();
  const number = contract.licenseIdNumber;
  const of = <span className={hidden}> {t('products.ofLicenseId', { licenseId: number })}</span>;
  const downloads = contract.capabilities.includes('software.download');
  const keys = contract.capabilities.includes('keys.view');
  if (!downloads && !keys) return <span className={styles.muted}>{t('products.neither')}</span>;
  return (
    <span className={styles.actions}>
      {downloads && (
        <RouterLink to={downloadsPath(number)}>
          {t('products.downloads')}
          {of}
        </RouterLink>
      )}
      {keys && (
        <RouterLink to={productKeysPath(number)}>
          {t('products.productKeys')}
          {of}
        </RouterLink>
      )}
    </span>
  );
}
