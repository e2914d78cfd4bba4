// Product keys of one License ID (SPEC §8), per product, a page of products at a time. Keys are masked; Reveal shows one
// and Copy puts it on the clipboard — both through the reveal route, which records who saw which key and why. Select
// keys (across pages) to export them, or export all: plain links to the tab-delimited export, so the browser saves the
// file itself. A product that needs no key says so; a key the pool had none of yet is shown as pending.
import {
  Body1,
  Button,
  Checkbox,
  makeStyles,
  MessageBar,
  MessageBarBody,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import {
  ArrowDownload20Regular,
  Checkmark20Regular,
  Copy20Regular,
  Eye20Regular,
  EyeOff20Regular,
} from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { isApiProblem } from '../../api/client';
import {
  keysExportUrl,
  revealProductKey,
  useProductKeyPages,
  type ProductKey,
  type ProductKeys,
} from '../../api/products';
import { PageHeader } from '../../components/page-header';
import { DataTable } from '../../components/data-table';
import { PagedList } from '../../components/paged-table';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useVisuallyHiddenClass } from '../../components/visually-hidden';
import { useT } from '../../i18n/i18n';
import { useNumberFormat } from '../contracts/report-helpers';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';
import { downloadsPath, productsPath } from './paths';
import { keyTypeName, NotAllowed, ProductSection } from './product-helpers';

/** The most keys one "Export selected" link names: their ids go in the address, which servers limit in length. */
const maxSelectedKeys = 200;

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  buttons: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  scroll: { overflowX: 'auto' },
  key: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, whiteSpace: 'nowrap' },
  number: { textAlign: 'end' },
});

export function ProductKeysPage() {
  const t = useT();
  const styles = useStyles();
  const { licenseIdNumber = '' } = useParams();
  const pages = useProductKeyPages(licenseIdNumber);
  // Kept across pages: an export of keys of several products.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const title = t('productKeys.title', { licenseId: licenseIdNumber });

  if (pages.isError && isApiProblem(pages.error) && pages.error.status === 404) {
    return <NotAllowed licenseIdNumber={licenseIdNumber} page="keys" title={title} />;
  }
  const toggle = (keyId: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(keyId);
      else next.delete(keyId);
      return next;
    });
  const tooMany = selected.size > maxSelectedKeys;
  // Whole list on one page and not a key in it: an export would be an empty file, so it is not offered.
  const noKeys =
    pages.page !== undefined &&
    !pages.hasPrevious &&
    !pages.hasNext &&
    pages.page.items.every((product) => product.keys.length === 0);

  return (
    <>
      <PageHeader title={title} intro={t('productKeys.intro')} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        <div className={styles.links}>
          <RouterLink to={productsPath}>{t('products.back')}</RouterLink>
          <RouterLink to={downloadsPath(licenseIdNumber)}>{t('products.downloads')}</RouterLink>
        </div>
        {!noKeys && (
          <div className={styles.buttons} role="group" aria-label={t('productKeys.exportLabel')}>
            <Button as="a" href={keysExportUrl(licenseIdNumber)} download icon={<ArrowDownload20Regular />}>
              {t('productKeys.exportAll')}
            </Button>
            <span role="status">{t('productKeys.selectedCount', { count: selected.size })}</span>
            {selected.size > 0 && !tooMany && (
              <Button
                as="a"
                href={keysExportUrl(licenseIdNumber, [...selected])}
                download
                appearance="primary"
                icon={<ArrowDownload20Regular />}
              >
                {t('productKeys.exportSelected')}
              </Button>
            )}
            <Button onClick={() => setSelected(new Set())} disabledFocusable={selected.size === 0}>
              {t('productKeys.clearSelection')}
            </Button>
          </div>
        )}
        {tooMany && <Body1>{t('productKeys.tooManySelected', { max: maxSelectedKeys })}</Body1>}
        <PagedList
          pages={pages}
          empty={t('productKeys.none')}
          item={(product) => (
            <ProductKeysSection
              key={product.productId}
              licenseIdNumber={licenseIdNumber}
              product={product}
              selected={selected}
              onToggle={toggle}
            />
          )}
        />
      </div>
    </>
  );
}

function ProductKeysSection({
  licenseIdNumber,
  product,
  selected,
  onToggle,
}: {
  licenseIdNumber: string;
  product: ProductKeys;
  selected: ReadonlySet<string>;
  onToggle: (keyId: string, on: boolean) => void;
}) {
  const t = useT();
  const styles = useStyles();
  const name = `${product.name} ${product.version}`;
  return (
    <ProductSection product={product}>
      {!product.needsKey && <Body1>{t('productKeys.noKeyNeeded')}</Body1>}
      {product.pendingKeyTypes.length > 0 && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {t('productKeys.pending', {
              types: product.pendingKeyTypes.map((type) => keyTypeName(type, t)).join(', '),
            })}
          </MessageBarBody>
        </MessageBar>
      )}
      {product.keys.length > 0 && (
        <div className={styles.scroll}>
          <DataTable
            label={t('productKeys.tableLabel', { product: name })}
            columns={[
              t('productKeys.select'),
              t('productKeys.key'),
              t('productKeys.type'),
              t('productKeys.activations'),
              t('productKeys.seats'),
              t('productKeys.onlineActivation'),
              t('productKeys.actions'),
            ]}
            numeric={[3, 4]}
          >
            {product.keys.map((key) => (
              <KeyRow
                key={key.id}
                licenseIdNumber={licenseIdNumber}
                productKey={key}
                selected={selected.has(key.id)}
                onToggle={(on) => onToggle(key.id, on)}
              />
            ))}
          </DataTable>
        </div>
      )}
    </ProductSection>
  );
}

function KeyRow({
  licenseIdNumber,
  productKey,
  selected,
  onToggle,
}: {
  licenseIdNumber: string;
  productKey: ProductKey;
  selected: boolean;
  onToggle: (on: boolean) => void;
}) {
  const t = useT();
  const styles = useStyles();
  const hidden = useVisuallyHiddenClass();
  const formatNumber = useNumberFormat();
  const [revealed, setRevealed] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = window.setTimeout(() => setCopied(false), 2000);
    return () => window.clearTimeout(timer);
  }, [copied]);

  const masked = productKey.maskedKey;
  const none = t('productKeys.notApplicable');

  // Every reveal goes to the server, which records it with its purpose — a key copied twice is recorded twice.
  const fetchKey = async (purpose: 'show' | 'copy') => {
    setBusy(true);
    setProblem(null);
    try {
      const { key } = await revealProductKey(licenseIdNumber, productKey.id, purpose);
      setRevealed(key);
      return key;
    } catch (error) {
      setProblem(`${t('productKeys.revealFailed')} ${problemMessage(error, t)}`);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const toggleShown = async () => {
    if (shown) return setShown(false);
    if ((await fetchKey('show')) !== null) setShown(true);
  };
  const copy = async () => {
    const key = await fetchKey('copy');
    if (key === null) return;
    try {
      await navigator.clipboard.writeText(key);
      setCopied(true);
    } catch {
      // No clipboard (no permission, plain http): show the key so it can be selected instead.
      setShown(true);
      setProblem(t('productKeys.copyFailed'));
    }
  };

  return (
    <TableRow>
      <TableCell>
        <Checkbox
          checked={selected}
          onChange={(_, data) => onToggle(data.checked === true)}
          aria-label={t('productKeys.selectKey', { key: masked })}
        />
      </TableCell>
      <TableCell>
        <span className={styles.key}>{shown && revealed ? revealed : masked}</span>
        {problem && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problem}</MessageBarBody>
          </MessageBar>
        )}
      </TableCell>
      <TableCell>{keyTypeName(productKey.type, t)}</TableCell>
      <TableCell className={styles.number}>
        {productKey.activationsAllowed === null
          ? none
          : t('productKeys.activationsValue', {
              used: formatNumber(productKey.activationsUsed),
              allowed: formatNumber(productKey.activationsAllowed),
            })}
      </TableCell>
      <TableCell className={styles.number}>
        {productKey.seats === null ? none : formatNumber(productKey.seats)}
      </TableCell>
      <TableCell>
        {productKey.onlineActivationState ? t(`catalogTerms.onlineStates.${productKey.onlineActivationState}`) : none}
      </TableCell>
      <TableCell>
        <span className={styles.actions}>
          <Button
            size="small"
            icon={shown ? <EyeOff20Regular /> : <Eye20Regular />}
            aria-label={shown ? t('productKeys.hideKey', { key: masked }) : t('productKeys.revealKey', { key: masked })}
            disabledFocusable={busy}
            onClick={() => void toggleShown()}
          >
            {shown ? t('productKeys.hide') : t('productKeys.reveal')}
          </Button>
          <Button
            size="small"
            icon={copied ? <Checkmark20Regular /> : <Copy20Regular />}
            aria-label={t('productKeys.copyKey', { key: masked })}
            disabledFocusable={busy}
            onClick={() => void copy()}
          >
            {copied ? t('productKeys.copied') : t('productKeys.copy')}
          </Button>
          <span className={hidden} aria-live="polite">
            {copied ? t('productKeys.copiedAnnouncement', { key: masked }) : ''}
          </span>
        </span>
      </TableCell>
    </TableRow>
  );
}
