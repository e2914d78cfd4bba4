// A License ID's details (SPEC §7 "details"): its facts, then the Offerings, Contacts and Tenants tabs. The chosen tab
// is in the query string (?tab=contacts), so a link or a reload opens the same one.
import { Body1, makeStyles, Subtitle1, Tab, TableCell, TableRow, TabList, tokens } from '@fluentui/react-components';
import { useId, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { isApiProblem } from '../../api/client';
import { useContractDetails, type ContractDetails } from '../../api/contracts';
import { PageHeader } from '../../components/page-header';
import { DataTable } from '../../components/data-table';
import { LoadError, Loading } from '../../components/page-states';
import { RouterLink } from '../../components/router-link';
import { useT, type MessageKey } from '../../i18n/i18n';
import { roleNames } from '../volume-licensing/role-names';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';
import {
  cloudName,
  contactKindName,
  contractsPath,
  licenseSummaryOfPath,
  licenseTypeName,
  ordersOfPath,
  poolName,
  RouterButton,
  useDateFormat,
  useNumberFormat,
} from './report-helpers';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  definition: { margin: 0 },
  buttons: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  scroll: { overflowX: 'auto' },
  panel: { paddingBlockStart: tokens.spacingVerticalM },
  number: { textAlign: 'end' },
});

const tabs = ['offerings', 'contacts', 'tenants'] as const;
type TabName = (typeof tabs)[number];

export function ContractDetailsPage() {
  const t = useT();
  const licenseIdNumber = useParams().licenseIdNumber ?? '';
  const details = useContractDetails(licenseIdNumber);
  const title = t('contractDetails.title', { licenseId: licenseIdNumber });

  if (details.isError && isApiProblem(details.error) && details.error.status === 404) {
    return <NotFound licenseIdNumber={licenseIdNumber} />;
  }
  let content: ReactNode;
  if (details.data) content = <Details contract={details.data} />;
  else if (details.isError) content = <LoadError error={details.error} onRetry={() => void details.refetch()} />;
  else content = <Loading />;
  return (
    <>
      <PageHeader title={title} />
      <VolumeLicensingNav />
      {content}
    </>
  );
}

/** The same answer whether the License ID does not exist or the caller's roles do not show it (SPEC: never 403). */
function NotFound({ licenseIdNumber }: { licenseIdNumber: string }) {
  const t = useT();
  const styles = useStyles();
  return (
    <>
      <PageHeader title={t('contractDetails.notFoundTitle')} />
      <VolumeLicensingNav />
      <div className={styles.stack}>
        <Body1>{t('contractDetails.notFoundText', { licenseId: licenseIdNumber })}</Body1>
        <div>
          <RouterLink to={contractsPath}>{t('contractDetails.back')}</RouterLink>
        </div>
      </div>
    </>
  );
}

function Details({ contract }: { contract: ContractDetails }) {
  const t = useT();
  const styles = useStyles();
  const formatDate = useDateFormat();
  const factsId = useId();
  const [params, setParams] = useSearchParams();
  const wanted = params.get('tab');
  const tab: TabName = (tabs as readonly string[]).includes(wanted ?? '') ? (wanted as TabName) : 'offerings';
  const tabIds = { offerings: useId(), contacts: useId(), tenants: useId() };
  const panelId = useId();
  const inherited = new Set(contract.inheritedRoles);
  const roles = contract.roles.length
    ? contract.roles
        .map((role) =>
          inherited.has(role) ? `${roleNames([role], t)} ${t('contractDetails.inherited')}` : roleNames([role], t),
        )
        .join(', ')
    : t('contractDetails.none');

  const facts: [MessageKey, ReactNode][] = [
    ['contractDetails.organization', contract.organizationName],
    ['contractDetails.location', contract.location],
    ['contractDetails.pcns', contract.pcns.join(', ') || t('contractDetails.none')],
    ['contractDetails.program', contract.programName],
    ['contractDetails.parentAgreement', contract.parentAgreementNumber ?? t('contractDetails.none')],
    ['contractDetails.partner', contract.partnerName],
    ['contractDetails.cloud', t(`vlTerms.clouds.${contract.cloud}`)],
    ['contractDetails.startDate', formatDate(contract.startDate)],
    ['contractDetails.endDate', formatDate(contract.endDate)],
    ['contractDetails.saEndDate', contract.saEndDate ? formatDate(contract.saEndDate) : t('contractDetails.none')],
    ['contractDetails.status', t(`contracts.${contract.status}`)],
    ['contractDetails.roles', roles],
  ];

  return (
    <div className={styles.stack}>
      <div>
        <RouterLink to={contractsPath}>{t('contractDetails.back')}</RouterLink>
      </div>
      <section aria-labelledby={factsId} className={styles.stack}>
        <Subtitle1 as="h2" id={factsId} className={styles.heading}>
          {t('contractDetails.factsHeading')}
        </Subtitle1>
        <dl className={styles.facts}>
          {facts.map(([label, value]) => (
            <div key={label} style={{ display: 'contents' }}>
              <dt className={styles.term}>{t(label)}</dt>
              <dd className={styles.definition}>{value}</dd>
            </div>
          ))}
        </dl>
        <div className={styles.buttons}>
          {contract.capabilities.includes('contract.orders') && (
            <RouterButton to={ordersOfPath([contract.licenseIdNumber])}>{t('contractDetails.orders')}</RouterButton>
          )}
          {contract.capabilities.includes('license-summary') && (
            <RouterButton to={licenseSummaryOfPath([contract.licenseIdNumber])}>
              {t('contractDetails.licenseSummary')}
            </RouterButton>
          )}
        </div>
      </section>

      <div>
        <TabList
          aria-label={t('contractDetails.tabsLabel')}
          selectedValue={tab}
          onTabSelect={(_, data) => {
            const next = new URLSearchParams(params);
            next.set('tab', String(data.value));
            setParams(next, { replace: true });
          }}
        >
          {tabs.map((name) => (
            <Tab key={name} value={name} id={tabIds[name]} aria-controls={panelId}>
              {t(`contractDetails.${name}`)}
            </Tab>
          ))}
        </TabList>
        <div role="tabpanel" id={panelId} aria-labelledby={tabIds[tab]} className={styles.panel}>
          {tab === 'offerings' && <Offerings contract={contract} />}
          {tab === 'contacts' && <Contacts contract={contract} />}
          {tab === 'tenants' && <Tenants contract={contract} />}
        </div>
      </div>
    </div>
  );
}

function SimpleTable({
  label,
  columns,
  numeric = [],
  rows,
  empty,
}: {
  label: string;
  columns: string[];
  /** Indexes of right-aligned (number) columns. */
  numeric?: number[];
  rows: ReactNode[][];
  empty: string;
}) {
  const styles = useStyles();
  if (rows.length === 0) return <Body1>{empty}</Body1>;
  return (
    <div className={styles.scroll}>
      <DataTable label={label} columns={columns} numeric={numeric}>
        {rows.map((cells, r) => (
          <TableRow key={r}>
            {cells.map((cell, i) => (
              <TableCell key={i} className={numeric.includes(i) ? styles.number : undefined}>
                {cell}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </DataTable>
    </div>
  );
}

function Offerings({ contract }: { contract: ContractDetails }) {
  const t = useT();
  const formatNumber = useNumberFormat();
  return (
    <SimpleTable
      label={t('contractDetails.offerings')}
      empty={t('contractDetails.noOfferings')}
      numeric={[5]}
      columns={[
        t('contractDetails.productFamily'),
        t('contractDetails.product'),
        t('contractDetails.version'),
        t('contractDetails.pool'),
        t('contractDetails.licenseType'),
        t('contractDetails.quantity'),
      ]}
      rows={contract.offerings.map((o) => [
        o.productFamily,
        o.product,
        o.version,
        poolName(o.pool, t),
        licenseTypeName(o.licenseType, t),
        formatNumber(o.quantity),
      ])}
    />
  );
}

function Contacts({ contract }: { contract: ContractDetails }) {
  const t = useT();
  return (
    <SimpleTable
      label={t('contractDetails.contacts')}
      empty={t('contractDetails.noContacts')}
      columns={[t('contractDetails.contactKind'), t('contractDetails.name'), t('contractDetails.email')]}
      rows={contract.contacts.map((c) => [contactKindName(c.kind, t), c.name, c.email])}
    />
  );
}

function Tenants({ contract }: { contract: ContractDetails }) {
  const t = useT();
  return (
    <SimpleTable
      label={t('contractDetails.tenants')}
      empty={t('contractDetails.noTenants')}
      columns={[
        t('contractDetails.tenantName'),
        t('contractDetails.initialDomain'),
        t('contractDetails.cloud'),
        t('contractDetails.domains'),
      ]}
      rows={contract.tenants.map((tenant) => [
        tenant.displayName,
        tenant.initialDomain,
        cloudName(tenant.cloud, t),
        tenant.domains.join(', ') || t('contractDetails.none'),
      ])}
    />
  );
}
