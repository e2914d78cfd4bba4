// Downloads of one License ID (SPEC §8): the products its program's catalog visibility allows, a page at a time. Pick a
// language and an operating system (kept in the address: ?language=&os=), then a file: its size and SHA-256 are shown,
// and Download asks for a signed link valid a few minutes and lets the browser fetch the file through it. A product
// without files (in the picked language and OS, or at all) says it is not available and why.
import {
  Button,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Select,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular } from '@fluentui/react-icons';
import { useParams, useSearchParams } from 'react-router';
import { isApiProblem } from '../../api/client';
import {
  useDownloadFile,
  useDownloadPages,
  type DownloadableProduct,
  type DownloadFile,
  type DownloadsPage as Downloads,
  type OsType,
} from '../../api/products';
import { CopyValue } from '../../components/copy-value';
import { PageHeader } from '../../components/page-header';
import { PagedList } from '../../components/paged-table';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useVisuallyHiddenClass } from '../../components/visually-hidden';
import { useT, type Translate } from '../../i18n/i18n';
import { useNumberFormat } from '../contracts/report-helpers';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';
import {
  architectureName,
  formatName,
  NotAllowed,
  osName,
  ProductSection,
  useLanguageName,
  useSizeFormat,
} from './product-helpers';
import { productKeysPath, productsPath } from './paths';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  links: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalL },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  filter: { minWidth: '14rem' },
  files: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  file: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    paddingBlock: tokens.spacingVerticalM,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  fileName: { margin: 0, fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  facts: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  fact: { display: 'flex', flexDirection: 'column' },
  term: { color: tokens.colorNeutralForeground2 },
  definition: { margin: 0 },
  sha: { maxWidth: '52rem' },
  download: { alignSelf: 'flex-start' },
});

export function DownloadsPage() {
  const t = useT();
  const styles = useStyles();
  const { licenseIdNumber = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const language = params.get('language') ?? '';
  const os = params.get('os') ?? '';
  const pages = useDownloadPages(licenseIdNumber);
  const title = t('downloads.title', { licenseId: licenseIdNumber });

  if (pages.isError && isApiProblem(pages.error) && pages.error.status === 404) {
    return <NotAllowed licenseIdNumber={licenseIdNumber} page="downloads" title={title} />;
  }
  const { page } = pages;
  const choose = (name: 'language' | 'os', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader title={title} intro={t('downloads.intro')} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        <div className={styles.links}>
          <RouterLink to={productsPath}>{t('products.back')}</RouterLink>
          <RouterLink to={productKeysPath(licenseIdNumber)}>{t('products.productKeys')}</RouterLink>
        </div>
        {page && (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>
              {scopeText(page, t)} {t('downloads.linkNote')}
            </MessageBarBody>
          </MessageBar>
        )}
        {page && (page.languages.length > 0 || page.operatingSystems.length > 0) && (
          <Filters page={page} language={language} os={os} onChoose={choose} />
        )}
        <PagedList
          pages={pages}
          empty={t('downloads.none')}
          item={(product) => (
            <ProductDownloads
              key={product.id}
              licenseIdNumber={licenseIdNumber}
              product={product}
              language={language}
              os={os}
            />
          )}
        />
      </div>
    </>
  );
}

/** Why the License ID shows these products (its program's catalog visibility and its status; domain/catalog.ts). */
function scopeText(page: Downloads, t: Translate): string {
  if (page.scope === 'none') return t('downloads.scopeNone');
  if (page.scope === 'catalog') return t('downloads.scopeCatalog');
  // Only an expired License ID of a whole-catalog program is limited to what was ordered on it.
  return page.catalogVisibility === 'all' ? t('downloads.scopeExpired') : t('downloads.scopeOrdered');
}

function Filters({
  page,
  language,
  os,
  onChoose,
}: {
  page: Downloads;
  language: string;
  os: string;
  onChoose: (name: 'language' | 'os', value: string) => void;
}) {
  const t = useT();
  const styles = useStyles();
  const languageName = useLanguageName();
  // A choice from the address that no file has still shows as chosen (and then matches nothing, which is said).
  const languages = language && !page.languages.includes(language) ? [...page.languages, language] : page.languages;
  const systems =
    os && !(page.operatingSystems as string[]).includes(os)
      ? [...page.operatingSystems, os as OsType]
      : page.operatingSystems;
  return (
    <form role="search" aria-label={t('downloads.filtersLabel')} className={styles.filters}>
      <Field label={t('downloads.language')} className={styles.filter}>
        <Select value={language} onChange={(_, data) => onChoose('language', data.value)}>
          <option value="">{t('downloads.anyLanguage')}</option>
          {languages.map((tag) => (
            <option key={tag} value={tag}>
              {languageName(tag)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('downloads.os')} className={styles.filter}>
        <Select value={os} onChange={(_, data) => onChoose('os', data.value)}>
          <option value="">{t('downloads.anyOs')}</option>
          {systems.map((system) => (
            <option key={system} value={system}>
              {known(system) ? osName(system, t) : system}
            </option>
          ))}
        </Select>
      </Field>
    </form>
  );
}

const known = (os: string): os is OsType => ['windows', 'linux', 'macos', 'any'].includes(os);

function ProductDownloads({
  licenseIdNumber,
  product,
  language,
  os,
}: {
  licenseIdNumber: string;
  product: DownloadableProduct;
  language: string;
  os: string;
}) {
  const t = useT();
  const styles = useStyles();
  const shown = product.files.filter((f) => (!language || f.language === language) && (!os || f.os === os));
  return (
    <ProductSection product={product}>
      {shown.length === 0 ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('downloads.notAvailable')}</MessageBarTitle>
            {product.files.length === 0 ? t('downloads.noFiles') : t('downloads.noMatch')}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <ul
          className={styles.files}
          aria-label={t('downloads.filesLabel', { product: `${product.name} ${product.version}` })}
        >
          {shown.map((file) => (
            <FileItem key={file.id} licenseIdNumber={licenseIdNumber} file={file} />
          ))}
        </ul>
      )}
    </ProductSection>
  );
}

function FileItem({ licenseIdNumber, file }: { licenseIdNumber: string; file: DownloadFile }) {
  const t = useT();
  const styles = useStyles();
  const hidden = useVisuallyHiddenClass();
  const languageName = useLanguageName();
  const formatSize = useSizeFormat();
  const formatNumber = useNumberFormat();
  const download = useDownloadFile(licenseIdNumber);
  const facts: [string, string][] = [
    [t('downloads.languageLabel'), languageName(file.language)],
    [t('downloads.os'), osName(file.os, t)],
    [t('downloads.architecture'), architectureName(file.architecture, t)],
    [t('downloads.format'), formatName(file.format, t)],
    [t('downloads.size'), t('downloads.sizeValue', { size: formatSize(file.size), bytes: formatNumber(file.size) })],
  ];
  return (
    <li className={styles.file}>
      <Text as="h3" weight="semibold" className={styles.fileName}>
        {file.fileName}
      </Text>
      <dl className={styles.facts}>
        {facts.map(([term, value]) => (
          <div key={term} className={styles.fact}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.definition}>{value}</dd>
          </div>
        ))}
      </dl>
      <div className={styles.sha}>
        <CopyValue label={t('downloads.sha256Of', { file: file.fileName })} value={file.sha256} />
      </div>
      <Button
        className={styles.download}
        appearance="primary"
        icon={<ArrowDownload20Regular />}
        disabledFocusable={download.isPending}
        onClick={() => download.mutate(file.id)}
      >
        {t('downloads.download')}
        <span className={hidden}> {file.fileName}</span>
      </Button>
      <div role="status" className={hidden}>
        {download.isPending
          ? t('downloads.preparing')
          : download.isSuccess
            ? t('downloads.started', { file: file.fileName })
            : ''}
      </div>
      {download.isError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('downloads.failed', { file: file.fileName })}</MessageBarTitle>
            {problemMessage(download.error, t)}
          </MessageBarBody>
        </MessageBar>
      )}
    </li>
  );
}
