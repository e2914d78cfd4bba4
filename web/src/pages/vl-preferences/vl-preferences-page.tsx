import {
  Badge,
  Body1,
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Switch,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { ArrowSync20Regular } from '@fluentui/react-icons';
import { useId, useState, type FormEvent } from 'react';
import { isApiProblem } from '../../api/client';
import {
  useSyncPermissions,
  useUpdateVlPreferences,
  useVlPreferences,
  type SyncResult,
  type VlPreferences,
} from '../../api/vl-users';
import { fieldError } from '../../components/field-errors';
import { DataTable } from '../../components/data-table';
import { useReportSaveError } from '../../components/notifications';
import { PageHeader } from '../../components/page-header';
import { LoadError, Loading } from '../../components/page-states';
import { problemMessage } from '../../components/problem-message';
import { useT } from '../../i18n/i18n';
import { roleNames } from '../volume-licensing/role-names';
import { VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, maxWidth: '56rem' },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  form: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '16rem', maxWidth: '28rem' },
  facts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  term: { fontWeight: tokens.fontWeightSemibold },
  definition: { margin: 0, overflowWrap: 'anywhere' },
  licenseId: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground2 },
  switches: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalXL },
});

export function VlPreferencesPage() {
  const t = useT();
  const preferences = useVlPreferences();
  let content;
  if (preferences.data) content = <Preferences preferences={preferences.data} />;
  else if (preferences.isError) {
    content =
      isApiProblem(preferences.error) && preferences.error.status === 404 ? (
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('vlPreferences.noProfileTitle')}</MessageBarTitle>
            {t('vlPreferences.noProfileText')}
          </MessageBarBody>
        </MessageBar>
      ) : (
        <LoadError error={preferences.error} onRetry={() => void preferences.refetch()} />
      );
  } else content = <Loading />;
  return (
    <>
      <PageHeader title={t('vlPreferences.title')} intro={t('vlPreferences.intro')} />
      <VolumeLicensingNav />
      {content}
    </>
  );
}

function Preferences({ preferences }: { preferences: VlPreferences }) {
  const styles = useStyles();
  return (
    <div className={styles.body}>
      <Profile preferences={preferences} />
      <Roles preferences={preferences} />
      <Inheritance preferences={preferences} />
      <Sync />
    </div>
  );
}

function Profile({ preferences }: { preferences: VlPreferences }) {
  const t = useT();
  const styles = useStyles();
  const headingId = useId();
  const update = useUpdateVlPreferences();
  const current = preferences.profiles.find((profile) => profile.displayName)?.displayName ?? '';
  const [name, setName] = useState(current);
  const [saved, setSaved] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    update.mutate({ displayName: name.trim() }, { onSuccess: () => setSaved(true) });
  };

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t('vlPreferences.profileHeading')}
      </Subtitle1>
      <form className={styles.form} onSubmit={submit} noValidate>
        <Field
          className={styles.grow}
          label={t('vlPreferences.name')}
          required
          validationMessage={fieldError(update.error, 'displayName', t)}
        >
          <Input
            value={name}
            onChange={(_e, data) => {
              setName(data.value);
              setSaved(false);
            }}
          />
        </Field>
        <Button type="submit" disabledFocusable={update.isPending || name.trim() === ''}>
          {t('vlPreferences.saveName')}
        </Button>
      </form>
      <div role="status">{saved && <Body1>{t('vlPreferences.nameSaved')}</Body1>}</div>
      {update.isError && !fieldError(update.error, 'displayName', t) && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemMessage(update.error, t)}</MessageBarBody>
        </MessageBar>
      )}
      <dl className={styles.facts}>
        <dt className={styles.term}>{t('vlPreferences.signInEmail')}</dt>
        <dd className={styles.definition}>{preferences.signInName}</dd>
        <dt className={styles.term}>{t('vlPreferences.businessEmails', { count: preferences.profiles.length })}</dt>
        <dd className={styles.definition}>
          {preferences.profiles.map((profile) => profile.businessEmail).join(', ') || t('vlPreferences.none')}
        </dd>
      </dl>
    </section>
  );
}

function Roles({ preferences }: { preferences: VlPreferences }) {
  const t = useT();
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t('vlPreferences.rolesHeading')}
      </Subtitle1>
      {preferences.roles.length === 0 ? (
        <Body1 className={styles.muted}>{t('vlPreferences.noRoles')}</Body1>
      ) : (
        <DataTable
          labelledBy={headingId}
          columns={[t('contracts.licenseId'), t('contracts.organization'), t('vlPreferences.roles')]}
        >
          {preferences.roles.map((entry) => (
            <TableRow key={entry.licenseIdNumber}>
              <TableCell>
                <span className={styles.licenseId}>{entry.licenseIdNumber}</span>
              </TableCell>
              <TableCell>{entry.organizationName}</TableCell>
              <TableCell>
                {entry.roles.length > 0 && roleNames(entry.roles, t)}
                {entry.inheritedRoles.length > 0 && (
                  <div>
                    {roleNames(entry.inheritedRoles, t)}{' '}
                    <Badge appearance="tint" color="informative">
                      {t('roleEditor.inherited')}
                    </Badge>
                  </div>
                )}
              </TableCell>
            </TableRow>
          ))}
        </DataTable>
      )}
    </section>
  );
}

function Inheritance({ preferences }: { preferences: VlPreferences }) {
  const t = useT();
  const styles = useStyles();
  const headingId = useId();
  const update = useUpdateVlPreferences();
  const reportError = useReportSaveError();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t('vlPreferences.inheritanceHeading')}
      </Subtitle1>
      <Body1 className={styles.muted}>{t('vlPreferences.inheritanceIntro')}</Body1>
      {preferences.inheritance.length === 0 ? (
        <Body1>{t('vlPreferences.noParents')}</Body1>
      ) : (
        <div className={styles.switches}>
          {preferences.inheritance.map((parent) => (
            <Switch
              key={parent.parentAgreementNumber}
              checked={parent.optedIn}
              disabled={update.isPending}
              label={t('vlPreferences.inheritSwitch', {
                parent: parent.parentAgreementNumber,
                organization: parent.organizationName,
                count: parent.childCount,
              })}
              onChange={(_e, data) =>
                update.mutate(
                  { inheritance: [{ parentAgreementNumber: parent.parentAgreementNumber, optedIn: data.checked }] },
                  { onError: reportError },
                )
              }
            />
          ))}
        </div>
      )}
    </section>
  );
}

function Sync() {
  const t = useT();
  const styles = useStyles();
  const headingId = useId();
  const sync = useSyncPermissions();
  const [result, setResult] = useState<SyncResult | null>(null);
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t('vlPreferences.syncHeading')}
      </Subtitle1>
      <Body1 className={styles.muted}>{t('vlPreferences.syncIntro')}</Body1>
      <div>
        <Button
          icon={<ArrowSync20Regular />}
          disabledFocusable={sync.isPending}
          onClick={() => {
            setResult(null);
            sync.mutate(undefined, { onSuccess: setResult });
          }}
        >
          {sync.isPending ? t('vlPreferences.syncing') : t('vlPreferences.sync')}
        </Button>
      </div>
      <div role="status">
        {result && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>
                {result.granted.length > 0
                  ? t('vlPreferences.syncGranted', { count: result.granted.length })
                  : t('vlPreferences.syncNothing')}
              </MessageBarTitle>
              {result.granted.length > 0 && (
                <ul className={styles.list}>
                  {result.granted.map((entry) => (
                    <li key={entry.licenseIdNumber}>
                      {entry.licenseIdNumber}: {roleNames(entry.roles, t)}
                    </li>
                  ))}
                </ul>
              )}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {sync.isError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{problemMessage(sync.error, t)}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
