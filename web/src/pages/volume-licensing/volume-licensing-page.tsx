import {
  Badge,
  Body1,
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  Select,
  Subtitle1,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownload20Regular, DocumentRibbon48Regular } from '@fluentui/react-icons';
import { useId, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import {
  clouds,
  contractsExportUrl,
  licenseIdStatuses,
  useContractPages,
  useContractPrograms,
  type Cloud,
  type ContractFilters,
  type ContractRow,
  type LicenseIdStatus,
} from '../../api/contracts';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { RouterLink } from '../../components/router-link';
import { UnmanagedTenantBanner } from '../../components/unmanaged-tenant-banner';
import { useVisuallyHiddenClass } from '../../components/visually-hidden';
import { useT } from '../../i18n/i18n';
import {
  contractPath,
  licenseSummaryOfAllPath,
  licenseSummaryOfPath,
  maxSelectedLicenseIds,
  ordersOfPath,
  ordersPath,
  RouterButton,
  useDateFormat,
} from '../contracts/report-helpers';
import { downloadsPath, productKeysPath } from '../products/paths';
import { roleNames } from './role-names';
import { importRolesPath, VolumeLicensingNav } from './volume-licensing-nav';

const useStyles = makeStyles({
  empty: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    textAlign: 'center',
    gap: tokens.spacingVerticalM,
    paddingBlock: tokens.spacingVerticalXXXL,
    paddingInline: tokens.spacingHorizontalXL,
    border: `${tokens.strokeWidthThin} dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
  },
  icon: { color: tokens.colorBrandForeground1 },
  heading: { margin: 0 },
  text: { maxWidth: '56ch', color: tokens.colorNeutralForeground2 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  filters: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: tokens.spacingHorizontalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  filterField: { minWidth: '11rem' },
  buttons: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalS },
  formButtons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, flexBasis: '100%' },
  scroll: { overflowX: 'auto' },
  licenseId: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  // In a narrow column a badge's text wraps: the pill grows with it instead of the words spilling out of it.
  tag: { marginInlineStart: tokens.spacingHorizontalS, height: 'auto', paddingBlock: tokens.spacingVerticalXXS },
  muted: { color: tokens.colorNeutralForeground2 },
  // The links wrap (each stays whole) so that the table fits beside the navigation instead of hiding the last ones.
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    whiteSpace: 'nowrap',
  },
});

const filterNames = ['programId', 'status', 'endFrom', 'endTo', 'organization', 'cloud'] as const;

/** The filters in the page's query string; unknown or empty values are left out. */
function filtersOf(params: URLSearchParams): ContractFilters {
  const filters: ContractFilters = {};
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const programId = text('programId');
  if (programId) filters.programId = programId;
  const status = text('status');
  if (status && (licenseIdStatuses as readonly string[]).includes(status)) filters.status = status as LicenseIdStatus;
  const endFrom = text('endFrom');
  if (endFrom && /^\d{4}-\d{2}-\d{2}$/.test(endFrom)) filters.endFrom = endFrom;
  const endTo = text('endTo');
  if (endTo && /^\d{4}-\d{2}-\d{2}$/.test(endTo)) filters.endTo = endTo;
  const organization = text('organization');
  if (organization) filters.organization = organization.slice(0, 200);
  const cloud = text('cloud');
  if (cloud && (clouds as readonly string[]).includes(cloud)) filters.cloud = cloud as Cloud;
  return filters;
}

/** The Volume licensing landing page: the contracts list (SPEC §7). */
export function VolumeLicensingPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const pages = useContractPages(filters);
  const filtered = Object.keys(filters).length > 0;
  // Nobody has given this person a role yet: explain how agreements arrive instead of an empty table and filters.
  const noAgreements = !filtered && pages.pageNumber === 1 && pages.page?.items.length === 0 && !pages.isLoadingPage;

  const apply = (next: ContractFilters) => {
    const query = new URLSearchParams();
    for (const name of filterNames) {
      const value = next[name];
      if (value) query.set(name, value);
    }
    setParams(query);
  };

  return (
    <>
      <PageHeader title={t('volumeLicensing.title')} intro={t('volumeLicensing.intro')} />
      <VolumeLicensingNav />
      <UnmanagedTenantBanner />
      {noAgreements ? (
        <EmptyAgreements />
      ) : (
        <ContractsSection filters={filters} filterKey={params.toString()} pages={pages} onApply={apply} />
      )}
    </>
  );
}

function EmptyAgreements() {
  const t = useT();
  const styles = useStyles();
  const emptyHeadingId = useId();
  return (
    <section className={styles.empty} aria-labelledby={emptyHeadingId}>
      <DocumentRibbon48Regular className={styles.icon} aria-hidden />
      <Subtitle1 as="h2" id={emptyHeadingId} className={styles.heading}>
        {t('volumeLicensing.emptyHeading')}
      </Subtitle1>
      <Body1 className={styles.text}>{t('volumeLicensing.emptyText')}</Body1>
    </section>
  );
}

function ContractsSection({
  filters,
  filterKey,
  pages,
  onApply,
}: {
  filters: ContractFilters;
  filterKey: string;
  pages: ReturnType<typeof useContractPages>;
  onApply: (filters: ContractFilters) => void;
}) {
  const t = useT();
  const styles = useStyles();
  const hidden = useVisuallyHiddenClass();
  const formatDate = useDateFormat();
  const headingId = useId();
  const captionId = useId();
  const summaryHintId = useId();
  // Kept across pages and filters: a selection can be built up from several searches. The row is kept too, so
  // that what it allows is known when its page is no longer on screen.
  const [selected, setSelected] = useState<ReadonlyMap<string, ContractRow>>(new Map());

  const toggle = (contract: ContractRow, on: boolean) => {
    setSelected((current) => {
      const next = new Map(current);
      if (on) next.set(contract.licenseIdNumber, contract);
      else next.delete(contract.licenseIdNumber);
      return next;
    });
  };
  const selectPage = () => {
    setSelected((current) => {
      const next = new Map(current);
      for (const contract of pages.page?.items ?? []) next.set(contract.licenseIdNumber, contract);
      return next;
    });
  };

  const selectedNumbers = [...selected.keys()];
  const tooMany = selectedNumbers.length > maxSelectedLicenseIds;
  const summaryNumbers = [...selected.values()]
    .filter((contract) => contract.capabilities.includes('license-summary'))
    .map((contract) => contract.licenseIdNumber);

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t('contracts.heading')}
      </Subtitle1>
      <Body1 id={captionId} className={styles.muted}>
        {t('contracts.caption')}
      </Body1>

      {/* Remounted when the query string changes (Back, Clear), so the fields always show the filters in force. */}
      <FiltersForm key={filterKey} filters={filters} onApply={onApply} />

      <div className={styles.buttons}>
        <Button as="a" href={contractsExportUrl(filters)} download icon={<ArrowDownload20Regular />}>
          {t('contractList.exportAll')}
        </Button>
        <RouterButton to={ordersPath}>{t('contractList.allOrders')}</RouterButton>
        <RouterButton to={licenseSummaryOfAllPath}>{t('contractList.summaryOfAll')}</RouterButton>
      </div>

      <div className={styles.buttons} role="group" aria-label={t('contractList.select')}>
        <Button onClick={selectPage} disabledFocusable={!pages.page?.items.length}>
          {t('contractList.selectPage')}
        </Button>
        <Button onClick={() => setSelected(new Map())} disabledFocusable={selected.size === 0}>
          {t('contractList.clearSelection')}
        </Button>
        <span role="status">{t('contractList.selectedCount', { count: selected.size })}</span>
        {selected.size > 0 && !tooMany && (
          <Button
            as="a"
            href={contractsExportUrl({ licenseIdNumbers: selectedNumbers.join(',') })}
            download
            icon={<ArrowDownload20Regular />}
          >
            {t('contractList.exportSelected')}
          </Button>
        )}
        {summaryNumbers.length > 0 && !tooMany ? (
          <RouterButton to={licenseSummaryOfPath(summaryNumbers)} appearance="primary">
            {t('contractList.licenseSummary')}
          </RouterButton>
        ) : (
          <Button disabledFocusable aria-describedby={summaryHintId}>
            {t('contractList.licenseSummary')}
          </Button>
        )}
        <span id={summaryHintId} className={hidden}>
          {tooMany
            ? t('contractList.tooManySelected', { max: maxSelectedLicenseIds })
            : t('contractList.licenseSummaryHint')}
        </span>
      </div>
      {tooMany && <Body1>{t('contractList.tooManySelected', { max: maxSelectedLicenseIds })}</Body1>}

      <div className={styles.scroll}>
        <PagedTable
          pages={pages}
          label={t('contracts.heading')}
          empty={t('contractList.noMatch')}
          columns={[
            t('contractList.select'),
            t('contracts.licenseId'),
            t('contracts.organization'),
            t('contractList.location'),
            t('contracts.program'),
            t('contracts.endDate'),
            t('contracts.status'),
            t('contracts.roles'),
            t('contractList.actions'),
          ]}
          row={(contract) => (
            <TableRow key={contract.licenseIdNumber}>
              <TableCell>
                <Checkbox
                  checked={selected.has(contract.licenseIdNumber)}
                  onChange={(_, data) => toggle(contract, data.checked === true)}
                  aria-label={t('contractList.selectRow', { licenseId: contract.licenseIdNumber })}
                />
              </TableCell>
              <TableCell>
                <span className={styles.licenseId}>{contract.licenseIdNumber}</span>
                {contract.accessAtRisk && (
                  <Badge
                    className={styles.tag}
                    appearance="filled"
                    color="danger"
                    title={t('contracts.accessAtRiskHint')}
                  >
                    {t('contracts.accessAtRisk')}
                  </Badge>
                )}
                {/* SPEC §4: only an administrator can add another one, so only they see the warning. */}
                {contract.roles.includes('administrator') && contract.administratorCount <= 1 && (
                  <Badge
                    className={styles.tag}
                    appearance="tint"
                    color="warning"
                    title={t('vlArea.singleAdministratorHint')}
                  >
                    {t('vlArea.singleAdministrator')}
                  </Badge>
                )}
              </TableCell>
              <TableCell>{contract.organizationName}</TableCell>
              <TableCell>{contract.location}</TableCell>
              <TableCell>{contract.programName}</TableCell>
              <TableCell>{formatDate(contract.endDate)}</TableCell>
              <TableCell>{t(`contracts.${contract.status}`)}</TableCell>
              <TableCell>{roleNames(contract.roles, t)}</TableCell>
              <TableCell>
                <RowActions contract={contract} />
              </TableCell>
            </TableRow>
          )}
        />
      </div>
    </section>
  );
}

/** Links to what the caller's roles on this License ID show; the hidden words name the License ID for screen readers. */
function RowActions({ contract }: { contract: ContractRow }) {
  const t = useT();
  const styles = useStyles();
  const hidden = useVisuallyHiddenClass();
  const number = contract.licenseIdNumber;
  const of = <span className={hidden}> {t('contractList.ofLicenseId', { licenseId: number })}</span>;
  return (
    <span className={styles.actions}>
      {contract.capabilities.includes('contract.details') && (
        <RouterLink to={contractPath(number)}>
          {t('contractList.details')}
          {of}
        </RouterLink>
      )}
      {contract.capabilities.includes('contract.orders') && (
        <RouterLink to={ordersOfPath([number])}>
          {t('contractList.orders')}
          {of}
        </RouterLink>
      )}
      {contract.capabilities.includes('license-summary') && (
        <RouterLink to={licenseSummaryOfPath([number])}>
          {t('contractList.summary')}
          {of}
        </RouterLink>
      )}
      {contract.capabilities.includes('software.download') && (
        <RouterLink to={downloadsPath(number)}>
          {t('products.downloads')}
          {of}
        </RouterLink>
      )}
      {contract.capabilities.includes('keys.view') && (
        <RouterLink to={productKeysPath(number)}>
          {t('products.productKeys')}
          {of}
        </RouterLink>
      )}
      {contract.enterpriseStyle && contract.capabilities.includes('vl-users.manage') && (
        <RouterLink to={importRolesPath(number)}>
          {t('contractList.importRoles')}
          {of}
        </RouterLink>
      )}
    </span>
  );
}

function FiltersForm({ filters, onApply }: { filters: ContractFilters; onApply: (filters: ContractFilters) => void }) {
  const t = useT();
  const styles = useStyles();
  const programs = useContractPrograms().data ?? [];
  const [draft, setDraft] = useState<ContractFilters>(filters);
  const set = (name: (typeof filterNames)[number], value: string) => setDraft((d) => ({ ...d, [name]: value }));
  // A program from the address that is not among the first contracts still shows as chosen.
  const programOptions =
    filters.programId && !programs.some((p) => p.id === filters.programId)
      ? [...programs, { id: filters.programId, name: filters.programId }]
      : programs;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };

  return (
    <form role="search" aria-label={t('contractList.filtersHeading')} className={styles.filters} onSubmit={submit}>
      <Field label={t('contractList.program')} className={styles.filterField}>
        <Select value={draft.programId ?? ''} onChange={(_, data) => set('programId', data.value)}>
          <option value="">{t('contractList.allPrograms')}</option>
          {programOptions.map((program) => (
            <option key={program.id} value={program.id}>
              {program.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('contractList.status')} className={styles.filterField}>
        <Select value={draft.status ?? ''} onChange={(_, data) => set('status', data.value)}>
          <option value="">{t('contractList.allStatuses')}</option>
          {licenseIdStatuses.map((status) => (
            <option key={status} value={status}>
              {t(`contracts.${status}`)}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={t('contractList.endFrom')}>
        <Input type="date" value={draft.endFrom ?? ''} onChange={(_, data) => set('endFrom', data.value)} />
      </Field>
      <Field label={t('contractList.endTo')}>
        <Input type="date" value={draft.endTo ?? ''} onChange={(_, data) => set('endTo', data.value)} />
      </Field>
      <Field label={t('contractList.organization')} hint={t('contractList.organizationHint')}>
        <Input
          value={draft.organization ?? ''}
          maxLength={200}
          onChange={(_, data) => set('organization', data.value)}
        />
      </Field>
      <Field label={t('contractList.cloud')} className={styles.filterField}>
        <Select value={draft.cloud ?? ''} onChange={(_, data) => set('cloud', data.value)}>
          <option value="">{t('contractList.allClouds')}</option>
          {clouds.map((cloud) => (
            <option key={cloud} value={cloud}>
              {t(`vlTerms.clouds.${cloud}`)}
            </option>
          ))}
        </Select>
      </Field>
      <div className={styles.formButtons}>
        <Button type="submit" appearance="primary">
          {t('contractList.apply')}
        </Button>
        <Button onClick={() => onApply({})}>{t('contractList.clear')}</Button>
      </div>
    </form>
  );
}
