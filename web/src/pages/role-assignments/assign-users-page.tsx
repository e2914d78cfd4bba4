import {
  Badge,
  Body1,
  Button,
  Checkbox,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  SearchBox,
  Switch,
  TableCell,
  TableRow,
  Text,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { Checkmark16Regular } from '@fluentui/react-icons';
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isApiProblem } from '../../api/client';
import type { VlRole } from '../../api/onboarding';
import {
  useAssignRoles,
  useUserLookup,
  useVlUser,
  type AdministeredLicenseId,
  type AssignRolesResult,
  type UserLookup,
  type VlUser,
} from '../../api/vl-users';
import { fieldError } from '../../components/field-errors';
import { DataTable } from '../../components/data-table';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useI18n, useT, type MessageKey } from '../../i18n/i18n';
import { useNumberFormat } from '../contracts/report-helpers';
import { roleNames } from '../volume-licensing/role-names';
import { roleAssignmentsPath } from '../volume-licensing/volume-licensing-nav';
import { AdministeredPage, LICENSE_IDS_SHOWN, SingleAdministratorBanner } from './administered';
import { licenseIdChoices } from './license-id-picker';
import { LicenseIdText } from './license-id-text';
import { normalizeRoles, sameRoles } from './roles';
import { RolesEditor, type EditableLicenseId } from './roles-editor';
import { assignmentErrors } from './vl-problems';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '52rem' },
  steps: {
    display: 'flex',
    flexWrap: 'wrap',
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    color: tokens.colorNeutralForeground2,
  },
  step: { marginInlineEnd: tokens.spacingHorizontalXL },
  currentStep: { fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  heading: { ...typographyStyles.subtitle1, margin: 0, ':focus': { outlineStyle: 'none' } },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'flex-end', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '16rem' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, flexWrap: 'wrap', alignItems: 'center' },
  choices: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    margin: 0,
    padding: 0,
    border: 'none',
  },
  legend: { fontWeight: tokens.fontWeightSemibold, marginBlockEnd: tokens.spacingVerticalS, padding: 0 },
  licenseId: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground2 },
  hint: { color: tokens.colorNeutralForeground2, marginBlock: 0, marginInlineStart: '32px' },
  error: { color: tokens.colorPaletteRedForeground1 },
  tags: { display: 'inline-flex', gap: tokens.spacingHorizontalXS, marginInlineStart: tokens.spacingHorizontalS },
});

type Step = 'user' | 'license-ids' | 'roles' | 'review' | 'done';
const steps: { id: Exclude<Step, 'done'>; label: MessageKey }[] = [
  { id: 'user', label: 'assignUsers.stepUser' },
  { id: 'license-ids', label: 'assignUsers.stepLicenseIds' },
  { id: 'roles', label: 'assignUsers.stepRoles' },
  { id: 'review', label: 'assignUsers.stepReview' },
];

export function AssignUsersPage() {
  const t = useT();
  return (
    <AdministeredPage title={t('assignUsers.title')} intro={t('assignUsers.intro')}>
      {(licenseIds) => <AssignWizard licenseIds={licenseIds} />}
    </AdministeredPage>
  );
}

/** Whether a user matched this way can be added on this License ID: enterprise-style programs refuse unknown IDs. */
function refusedOn(lookup: UserLookup | null, licenseId: AdministeredLicenseId): boolean {
  return lookup?.match === 'none' && licenseId.enterpriseStyle;
}

/** The roles the user holds (or is invited with) on each License ID, and what they inherit. */
function currentRoles(user: VlUser | undefined): {
  held: Record<string, VlRole[]>;
  inherited: Record<string, VlRole[]>;
} {
  const held: Record<string, VlRole[]> = {};
  const inherited: Record<string, VlRole[]> = {};
  for (const licenseId of user?.licenseIds ?? []) {
    held[licenseId.licenseIdNumber] =
      licenseId.roles.length > 0 ? licenseId.roles : (licenseId.invitation?.roles ?? []);
    inherited[licenseId.licenseIdNumber] = licenseId.inheritedRoles;
  }
  return { held, inherited };
}

function AssignWizard({ licenseIds }: { licenseIds: AdministeredLicenseId[] }) {
  const t = useT();
  const styles = useStyles();
  const [step, setStep] = useState<Step>('user');
  const [email, setEmail] = useState('');
  const [lookup, setLookup] = useState<UserLookup | null>(null);
  const [displayName, setDisplayName] = useState('');
  const [confirmExternal, setConfirmExternal] = useState(false);
  const [selected, setSelected] = useState<string[]>([]);
  const [showInherited, setShowInherited] = useState(false);
  const [roles, setRoles] = useState<Record<string, VlRole[]>>({});
  const [roleErrors, setRoleErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<AssignRolesResult | null>(null);
  const find = useUserLookup();
  const assign = useAssignRoles();
  const existing = useVlUser(lookup?.match === 'vl-user' ? lookup.email : null);
  const current = currentRoles(existing.data);

  // Each step's heading takes the focus, so keyboard and screen-reader users start reading at the new step.
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
    moved.current = true;
  }, [step]);

  const byNumber = new Map(licenseIds.map((licenseId) => [licenseId.licenseIdNumber, licenseId]));
  const chosen = selected.flatMap((number) => byNumber.get(number) ?? []);
  const editable: EditableLicenseId[] = chosen.map((licenseId) => ({
    ...licenseId,
    inheritedRoles: current.inherited[licenseId.licenseIdNumber] ?? [],
  }));
  const rolesOf = (number: string) => roles[number] ?? current.held[number] ?? [];

  const restart = () => {
    setStep('user');
    setEmail('');
    setLookup(null);
    setDisplayName('');
    setConfirmExternal(false);
    setSelected([]);
    setRoles({});
    setRoleErrors({});
    setResult(null);
    find.reset();
    assign.reset();
  };

  const search = (event: FormEvent) => {
    event.preventDefault();
    setLookup(null);
    setConfirmExternal(false);
    find.mutate(email.trim(), { onSuccess: setLookup });
  };

  const goToRoles = () => {
    // Pre-fill with what the user holds now, so saving never drops a role the admin did not touch.
    setRoles((previous) => {
      const next = { ...previous };
      for (const number of selected) next[number] ??= [...(current.held[number] ?? [])];
      return next;
    });
    setStep('roles');
  };

  const checkRoles = () => {
    const errors: Record<string, string> = {};
    for (const licenseId of chosen) {
      const number = licenseId.licenseIdNumber;
      if (rolesOf(number).length === 0 && (current.held[number] ?? []).length === 0) {
        errors[number] = t('assignUsers.chooseRole', { licenseId: number });
      }
    }
    setRoleErrors(errors);
    if (Object.keys(errors).length === 0) setStep('review');
  };

  const save = (withConfirmation = confirmExternal) => {
    if (!lookup) return;
    const numbers = chosen.map((licenseId) => licenseId.licenseIdNumber);
    const name = displayName.trim();
    assign.mutate(
      {
        email: lookup.email,
        ...(name ? { displayName: name } : {}),
        ...(withConfirmation ? { confirmExternal: true } : {}),
        assignments: chosen.map((licenseId) => ({
          licenseIdNumber: licenseId.licenseIdNumber,
          roles: normalizeRoles(rolesOf(licenseId.licenseIdNumber), licenseId.enterpriseStyle),
        })),
      },
      {
        onSuccess: (answer) => {
          setResult(answer);
          setStep('done');
        },
        onError: (error) => {
          const errors = assignmentErrors(error, numbers, t);
          if (Object.keys(errors).length > 0) {
            setRoleErrors(errors);
            setStep('roles');
          }
        },
      },
    );
  };

  const heading = (key: MessageKey) => (
    <h2 ref={headingRef} tabIndex={-1} className={styles.heading}>
      {t(key)}
    </h2>
  );
  const stepIndex = steps.findIndex((s) => s.id === step);

  return (
    <div className={styles.body}>
      <SingleAdministratorBanner licenseIds={licenseIds} />
      {step !== 'done' && (
        <ol className={styles.steps} aria-label={t('assignUsers.stepsLabel')}>
          {steps.map((s, index) => (
            <li
              key={s.id}
              aria-current={s.id === step ? 'step' : undefined}
              className={mergeClasses(styles.step, s.id === step && styles.currentStep)}
            >
              {t(s.label)}
              {index < stepIndex && (
                <>
                  {' '}
                  <Checkmark16Regular aria-label={t('assignUsers.stepDone')} />
                </>
              )}
            </li>
          ))}
        </ol>
      )}

      {step === 'user' && (
        <>
          {heading('assignUsers.userHeading')}
          <form className={styles.form} onSubmit={search} noValidate>
            <div className={styles.row}>
              <Field
                className={styles.grow}
                label={t('assignUsers.email')}
                hint={t('assignUsers.emailHint')}
                required
                validationMessage={fieldError(find.error, 'email', t)}
              >
                <Input
                  type="email"
                  autoComplete="off"
                  value={email}
                  onChange={(_e, data) => {
                    setEmail(data.value);
                    setLookup(null);
                    setConfirmExternal(false);
                  }}
                />
              </Field>
              <Button type="submit" disabledFocusable={find.isPending || email.trim() === ''}>
                {t('assignUsers.search')}
              </Button>
            </div>
          </form>
          {find.isError && !fieldError(find.error, 'email', t) && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>{problemMessage(find.error, t)}</MessageBarBody>
            </MessageBar>
          )}
          {lookup && (
            <LookupAnswer
              lookup={lookup}
              displayName={displayName}
              onDisplayName={setDisplayName}
              // A registered user's current roles must be known before the wizard fills the editor with them:
              // saving over an empty editor would remove them.
              loadingRoles={existing.isPending && lookup.match === 'vl-user'}
              onNext={(external) => {
                setConfirmExternal(external);
                setStep('license-ids');
              }}
            />
          )}
        </>
      )}

      {step === 'license-ids' && lookup && (
        <>
          {heading('assignUsers.licenseIdsHeading')}
          <LicenseIdChoice
            licenseIds={licenseIds}
            lookup={lookup}
            selected={selected}
            onSelected={setSelected}
            showInherited={showInherited}
            onShowInherited={setShowInherited}
            onBack={() => setStep('user')}
            onNext={goToRoles}
          />
        </>
      )}

      {step === 'roles' && (
        <>
          {heading('assignUsers.rolesHeading')}
          <Body1 className={styles.muted}>{t('assignUsers.rolesIntro', { email: lookup?.email ?? '' })}</Body1>
          {assign.isError && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>{problemMessage(assign.error, t, { email: lookup?.email ?? '' })}</MessageBarBody>
            </MessageBar>
          )}
          <RolesEditor
            licenseIds={editable}
            value={Object.fromEntries(chosen.map((l) => [l.licenseIdNumber, rolesOf(l.licenseIdNumber)]))}
            onChange={(next) => {
              setRoles((previous) => ({ ...previous, ...next }));
              setRoleErrors({});
            }}
            errors={roleErrors}
          />
          <div className={styles.actions}>
            <Button onClick={() => setStep('license-ids')}>{t('assignUsers.back')}</Button>
            <Button appearance="primary" onClick={checkRoles}>
              {t('assignUsers.next')}
            </Button>
          </div>
        </>
      )}

      {step === 'review' && lookup && (
        <>
          {heading('assignUsers.reviewHeading')}
          <Review
            lookup={lookup}
            displayName={displayName.trim()}
            external={confirmExternal || lookup.match === 'none'}
            rows={chosen.map((licenseId) => ({
              licenseId,
              before: current.held[licenseId.licenseIdNumber] ?? [],
              after: normalizeRoles(rolesOf(licenseId.licenseIdNumber), licenseId.enterpriseStyle),
            }))}
          />
          {assign.isError && (
            <SaveError
              error={assign.error}
              email={lookup.email}
              onConfirmExternal={() => {
                setConfirmExternal(true);
                save(true);
              }}
            />
          )}
          <div className={styles.actions}>
            <Button onClick={() => setStep('roles')}>{t('assignUsers.back')}</Button>
            <Button appearance="primary" disabledFocusable={assign.isPending} onClick={() => save()}>
              {assign.isPending ? t('assignUsers.saving') : t('assignUsers.save')}
            </Button>
          </div>
        </>
      )}

      {step === 'done' && result && (
        <>
          {heading('assignUsers.doneHeading')}
          <Outcomes result={result} />
          <div className={styles.actions}>
            <Button appearance="primary" onClick={restart}>
              {t('assignUsers.another')}
            </Button>
            <RouterLink to={roleAssignmentsPath}>{t('assignUsers.toManageUsers')}</RouterLink>
          </div>
        </>
      )}
    </div>
  );
}

type LookupAnswerProps = {
  lookup: UserLookup;
  displayName: string;
  onDisplayName: (value: string) => void;
  loadingRoles: boolean;
  onNext: (confirmExternal: boolean) => void;
};

function LookupAnswer({ lookup, displayName, onDisplayName, loadingRoles, onNext }: LookupAnswerProps) {
  const t = useT();
  const styles = useStyles();
  const name = lookup.displayName ?? lookup.email;
  if (lookup.match === 'none') {
    // SPEC §6: "no results — press Enter to save": the name field submits this confirmation.
    return (
      <form
        className={styles.form}
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          onNext(true);
        }}
      >
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('assignUsers.noResultsTitle', { email: lookup.email })}</MessageBarTitle>
            {t('assignUsers.noResultsText', { email: lookup.email })}
          </MessageBarBody>
        </MessageBar>
        <Field label={t('assignUsers.externalName')} hint={t('assignUsers.externalNameHint')}>
          <Input value={displayName} onChange={(_e, data) => onDisplayName(data.value)} />
        </Field>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary">
            {t('assignUsers.addExternal', { email: lookup.email })}
          </Button>
        </div>
      </form>
    );
  }
  const text: Record<Exclude<UserLookup['match'], 'none'>, MessageKey> = {
    'vl-user': lookup.internal ? 'assignUsers.foundVlUserInternal' : 'assignUsers.foundVlUserExternal',
    'tenant-account': 'assignUsers.foundInternal',
    account: 'assignUsers.foundAccount',
  };
  return (
    <div className={styles.form}>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{name}</MessageBarTitle>
          <Badge appearance="tint" color={lookup.internal ? 'brand' : 'informative'}>
            {t(lookup.internal ? 'manageUsers.internal' : 'manageUsers.external')}
          </Badge>{' '}
          {t(text[lookup.match], { email: lookup.email, name })}
        </MessageBarBody>
      </MessageBar>
      <div className={styles.actions}>
        <Button appearance="primary" disabledFocusable={loadingRoles} onClick={() => onNext(false)}>
          {t('assignUsers.next')}
        </Button>
      </div>
    </div>
  );
}

type LicenseIdChoiceProps = {
  licenseIds: AdministeredLicenseId[];
  lookup: UserLookup;
  selected: string[];
  onSelected: (numbers: string[]) => void;
  showInherited: boolean;
  onShowInherited: (show: boolean) => void;
  onBack: () => void;
  onNext: () => void;
};

function LicenseIdChoice(props: LicenseIdChoiceProps) {
  const { licenseIds, lookup, selected, onSelected, showInherited, onShowInherited, onBack, onNext } = props;
  const t = useT();
  const { locale } = useI18n();
  const styles = useStyles();
  const legendId = useId();
  const errorId = useId();
  const [error, setError] = useState<string | null>(null);
  const [find, setFind] = useState('');
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const formatNumber = useNumberFormat();
  const inheritedCount = licenseIds.filter((licenseId) => licenseId.inherited).length;
  const shown = licenseIds.filter((licenseId) => showInherited || !licenseId.inherited);
  // A short list is read at a glance; a long one gets a search box, and only its first matches are drawn.
  const findable = shown.length > LICENSE_IDS_SHOWN;
  const { matching, listed } = licenseIdChoices(shown, findable ? find : '');

  const toggle = (number: string, on: boolean) => {
    setError(null);
    onSelected(on ? [...selected, number] : selected.filter((n) => n !== number));
  };

  return (
    <form
      className={styles.form}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (selected.length === 0) setError(t('assignUsers.chooseLicenseId'));
        else onNext();
      }}
    >
      <Switch
        label={t('assignUsers.showInherited', { count: inheritedCount })}
        checked={showInherited}
        onChange={(_e, data) => {
          onShowInherited(data.checked);
          if (!data.checked) {
            onSelected(selected.filter((number) => !licenseIds.find((l) => l.licenseIdNumber === number)?.inherited));
          }
        }}
      />
      {findable && (
        <Field label={t('assignUsers.findLicenseId')} hint={t('assignUsers.findLicenseIdHint')}>
          <SearchBox value={find} onChange={(_e, data) => setFind(data.value)} />
        </Field>
      )}
      <fieldset className={styles.choices} aria-describedby={error ? errorId : undefined}>
        <legend id={legendId} className={styles.legend}>
          {t('assignUsers.licenseIdsLegend')}
        </legend>
        {shown.length === 0 && <Body1 className={styles.muted}>{t('assignUsers.onlyInherited')}</Body1>}
        {shown.length > 0 && matching.length === 0 && (
          <Body1 className={styles.muted}>{t('licenseIdPicker.noMatch', { find: find.trim() })}</Body1>
        )}
        {listed.map((licenseId) => {
          const refused = refusedOn(lookup, licenseId);
          return (
            <div key={licenseId.licenseIdNumber}>
              <Checkbox
                checked={selected.includes(licenseId.licenseIdNumber)}
                disabled={refused}
                onChange={(_e, data) => toggle(licenseId.licenseIdNumber, data.checked === true)}
                label={
                  <>
                    <span className={styles.licenseId}>{licenseId.licenseIdNumber}</span>
                    {' — '}
                    {t('assignUsers.licenseIdLine', {
                      organization: licenseId.organizationName,
                      program: licenseId.programName,
                      endDate: dateFormat.format(new Date(`${licenseId.endDate}T00:00:00Z`)),
                    })}
                    <span className={styles.tags}>
                      {licenseId.inherited && (
                        <Badge appearance="tint" color="informative">
                          {t('roleEditor.inherited')}
                        </Badge>
                      )}
                      {licenseId.administratorCount <= 1 && (
                        <Badge appearance="tint" color="warning">
                          {t('vlArea.singleAdministrator')}
                        </Badge>
                      )}
                    </span>
                  </>
                }
              />
              {refused && (
                <Text as="p" block size={200} className={styles.hint}>
                  {t('assignUsers.enterpriseRefused', { email: lookup.email, program: licenseId.programName })}
                </Text>
              )}
            </div>
          );
        })}
        {matching.length > listed.length && (
          <Body1 className={styles.muted}>
            {t('licenseIdPicker.more', {
              shown: formatNumber(listed.length),
              count: formatNumber(matching.length),
            })}
          </Body1>
        )}
      </fieldset>
      {findable && (
        <Text block role="status" className={styles.muted}>
          {t('assignUsers.selectedCount', { count: formatNumber(selected.length) })}
        </Text>
      )}
      {error && (
        <Text id={errorId} block role="alert" className={styles.error}>
          {error}
        </Text>
      )}
      <div className={styles.actions}>
        <Button onClick={onBack}>{t('assignUsers.back')}</Button>
        <Button type="submit" appearance="primary">
          {t('assignUsers.next')}
        </Button>
      </div>
    </form>
  );
}

type ReviewRow = { licenseId: AdministeredLicenseId; before: VlRole[]; after: VlRole[] };

function Review({
  lookup,
  displayName,
  external,
  rows,
}: {
  lookup: UserLookup;
  displayName: string;
  external: boolean;
  rows: ReviewRow[];
}) {
  const t = useT();
  const styles = useStyles();
  const none = t('roleEditor.noRoles');
  const who = displayName ? `${displayName} (${lookup.email})` : (lookup.displayName ?? lookup.email);
  return (
    <>
      <Body1>
        {t(external ? 'assignUsers.reviewExternal' : 'assignUsers.reviewExisting', { user: who, email: lookup.email })}
      </Body1>
      <DataTable
        label={t('assignUsers.reviewTable')}
        columns={[t('contracts.licenseId'), t('assignUsers.rolesBefore'), t('assignUsers.rolesAfter')]}
      >
        {rows.map(({ licenseId, before, after }) => (
          <TableRow key={licenseId.licenseIdNumber}>
            <TableCell>
              <LicenseIdText licenseId={licenseId} />
            </TableCell>
            <TableCell>{before.length > 0 ? roleNames(before, t) : none}</TableCell>
            <TableCell>
              {after.length > 0 ? roleNames(after, t) : none}
              {sameRoles(before, after) && <div className={styles.muted}>{t('assignUsers.unchanged')}</div>}
            </TableCell>
          </TableRow>
        ))}
      </DataTable>
      <Body1 className={styles.muted}>{t('assignUsers.reviewMail')}</Body1>
    </>
  );
}

function SaveError({
  error,
  email,
  onConfirmExternal,
}: {
  error: unknown;
  email: string;
  onConfirmExternal: () => void;
}) {
  const t = useT();
  // The server asks for an explicit yes before inviting an address nobody signs in with (SPEC §6).
  if (isApiProblem(error) && error.code === 'vl_users.external_confirmation_required') {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('assignUsers.noResultsTitle', { email })}</MessageBarTitle>
          {t('assignUsers.noResultsText', { email })}
        </MessageBarBody>
        <MessageBarActions>
          <Button onClick={onConfirmExternal}>{t('assignUsers.addExternalAndSave', { email })}</Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>{problemMessage(error, t, { email })}</MessageBarBody>
    </MessageBar>
  );
}

const outcomeText: Record<AssignRolesResult['outcomes'][number]['action'], MessageKey> = {
  unchanged: 'assignUsers.outcomeUnchanged',
  'roles-changed': 'assignUsers.outcomeRolesChanged',
  'invitation-sent': 'assignUsers.outcomeInvitationSent',
  'invitation-updated': 'assignUsers.outcomeInvitationUpdated',
  'roles-removed': 'assignUsers.outcomeRolesRemoved',
};

function Outcomes({ result }: { result: AssignRolesResult }) {
  const t = useT();
  const styles = useStyles();
  return (
    <>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{t('assignUsers.savedTitle')}</MessageBarTitle>
          {t('assignUsers.savedText', { email: result.email })}
        </MessageBarBody>
      </MessageBar>
      <DataTable
        label={t('assignUsers.resultTable')}
        columns={[t('contracts.licenseId'), t('assignUsers.rolesAfter'), t('assignUsers.outcome')]}
      >
        {result.outcomes.map((outcome) => (
          <TableRow key={outcome.licenseIdNumber}>
            <TableCell>
              <span className={styles.licenseId}>{outcome.licenseIdNumber}</span>
            </TableCell>
            <TableCell>{outcome.after.length > 0 ? roleNames(outcome.after, t) : t('roleEditor.noRoles')}</TableCell>
            <TableCell>{t(outcomeText[outcome.action], { email: result.email })}</TableCell>
          </TableRow>
        ))}
      </DataTable>
    </>
  );
}
