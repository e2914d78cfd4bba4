// New VL profile request (SPEC §10): re-bind the VL profile to the sign-in ID one uses now, or create one where nobody
// is left to add you. Reached from the access check's "registered to another sign-in ID" finding, which fills in the
// business e-mail; the new sign-in ID is the caller's own. The server pre-checks and an operator decides.
import {
  Body1,
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Radio,
  RadioGroup,
  Subtitle1,
  TableCell,
  TableRow,
  Textarea,
  tokens,
} from '@fluentui/react-components';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../../api/client';
import { useMe } from '../../api/session';
import {
  useFileVlProfileRequest,
  type FileVlProfileRequestBody,
  type OwnVlProfileRequest,
} from '../../api/vl-profile-requests';
import { fieldError, listFieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { problemMessage } from '../../components/problem-message';
import { RouterLink } from '../../components/router-link';
import { useCursorPages } from '../../components/use-cursor-pages';
import { useI18n, useT } from '../../i18n/i18n';
import { accessCheckPath, VolumeLicensingNav } from '../volume-licensing/volume-licensing-nav';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, maxWidth: '48rem' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  heading: { margin: 0 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', flexWrap: 'wrap' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

const NUMBER = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
type Kind = 'rebind' | 'create';

/** "v123, V456 v123" → ["V123", "V456"]; undefined when one is not a License ID number. */
function parseNumbers(text: string): string[] | undefined {
  const numbers = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((n) => n.trim().toUpperCase())
        .filter(Boolean),
    ),
  ];
  return numbers.every((n) => NUMBER.test(n)) ? numbers : undefined;
}

export function VlProfileRequestPage() {
  const t = useT();
  const styles = useStyles();
  return (
    <>
      <PageHeader title={t('vlProfileRequest.title')} intro={t('vlProfileRequest.intro')} />
      <VolumeLicensingNav />
      <div className={styles.body}>
        <RequestForm />
        <OwnRequests />
      </div>
    </>
  );
}

function RequestForm() {
  const t = useT();
  const styles = useStyles();
  const me = useMe();
  const signInName = me.data?.account.signInName ?? '';
  const [params] = useSearchParams();
  const [kind, setKind] = useState<Kind>(params.get('kind') === 'create' ? 'create' : 'rebind');
  const [oldSignInName, setOldSignInName] = useState('');
  const [newSignInName, setNewSignInName] = useState<string | undefined>(undefined);
  const [businessEmailInput, setBusinessEmail] = useState<string | undefined>(params.get('businessEmail') ?? undefined);
  const [numbers, setNumbers] = useState(params.get('licenseIdNumbers') ?? '');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const file = useFileVlProfileRequest();
  const [filed, setFiled] = useState<OwnVlProfileRequest | undefined>();
  const kindLabelId = useId();

  // Until changed: the caller's own sign-in ID (the usual case), also as the business e-mail when none was given.
  const newName = newSignInName ?? signInName;
  const businessEmail = businessEmailInput ?? signInName;
  const parsed = parseNumbers(numbers);
  const missing = (value: string) => (tried && value.trim() === '' ? t('vlProfileRequest.required') : undefined);
  const numbersProblem =
    tried && numbers.trim() === ''
      ? t('vlProfileRequest.required')
      : tried && parsed === undefined
        ? t('vlProfileRequest.invalidNumbers')
        : undefined;
  const serverNumbersProblem = listFieldError(file.error, 'licenseIdNumbers', t);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setFiled(undefined);
    if (
      (kind === 'rebind' && oldSignInName.trim() === '') ||
      newName.trim() === '' ||
      businessEmail.trim() === '' ||
      !parsed ||
      parsed.length === 0
    )
      return;
    const body: FileVlProfileRequestBody = {
      kind,
      newSignInName: newName.trim(),
      businessEmail: businessEmail.trim(),
      licenseIdNumbers: parsed,
      ...(kind === 'rebind' ? { oldSignInName: oldSignInName.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    file.mutate(body, {
      onSuccess: (request) => {
        setFiled(request);
        setTried(false);
        setOldSignInName('');
        setNumbers('');
        setNote('');
      },
    });
  };

  const knownFields = ['oldSignInName', 'newSignInName', 'businessEmail', 'note'];
  const generalError =
    file.isError &&
    !knownFields.some((name) => fieldError(file.error, name, t)) &&
    serverNumbersProblem === undefined &&
    problemMessage(file.error, t);

  return (
    <form className={styles.form} onSubmit={submit} noValidate>
      <Field label={{ children: t('vlProfileRequest.kind'), id: kindLabelId }} required>
        <RadioGroup value={kind} onChange={(_, data) => setKind(data.value as Kind)} aria-labelledby={kindLabelId}>
          <Radio
            value="rebind"
            label={
              <>
                {t('vlProfileRequest.kindRebind')}
                <br />
                <Body1>{t('vlProfileRequest.kindRebindHint')}</Body1>
              </>
            }
          />
          <Radio
            value="create"
            label={
              <>
                {t('vlProfileRequest.kindCreate')}
                <br />
                <Body1>{t('vlProfileRequest.kindCreateHint')}</Body1>
              </>
            }
          />
        </RadioGroup>
      </Field>
      {kind === 'rebind' && (
        <Field
          label={t('vlProfileRequest.oldSignInName')}
          hint={t('vlProfileRequest.oldSignInNameHint')}
          required
          validationMessage={missing(oldSignInName) ?? fieldError(file.error, 'oldSignInName', t)}
        >
          <Input type="email" value={oldSignInName} onChange={(_, d) => setOldSignInName(d.value)} />
        </Field>
      )}
      <Field
        label={t('vlProfileRequest.newSignInName')}
        hint={t('vlProfileRequest.newSignInNameHint')}
        required
        validationMessage={missing(newName) ?? fieldError(file.error, 'newSignInName', t)}
      >
        <Input type="email" value={newName} onChange={(_, d) => setNewSignInName(d.value)} />
      </Field>
      <Field
        label={t('vlProfileRequest.businessEmail')}
        hint={t('vlProfileRequest.businessEmailHint')}
        required
        validationMessage={missing(businessEmail) ?? fieldError(file.error, 'businessEmail', t)}
      >
        <Input type="email" value={businessEmail} onChange={(_, d) => setBusinessEmail(d.value)} />
      </Field>
      <Field
        label={t('vlProfileRequest.licenseIdNumbers')}
        hint={t('vlProfileRequest.licenseIdNumbersHint')}
        required
        validationMessage={numbersProblem ?? serverNumbersProblem}
      >
        <Input value={numbers} onChange={(_, d) => setNumbers(d.value)} />
      </Field>
      <Field label={t('vlProfileRequest.note')} validationMessage={fieldError(file.error, 'note', t)}>
        <Textarea value={note} maxLength={2000} resize="vertical" onChange={(_, d) => setNote(d.value)} />
      </Field>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabledFocusable={file.isPending}>
          {t('vlProfileRequest.submit')}
        </Button>
        <RouterLink to={accessCheckPath}>{t('vlProfileRequest.accessCheckLink')}</RouterLink>
      </div>
      <div role="status">
        {filed && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('vlProfileRequest.filedTitle', { id: filed.supportRequestId })}</MessageBarTitle>
              {t('vlProfileRequest.filedText', { signInName: filed.newSignInName })}
            </MessageBarBody>
          </MessageBar>
        )}
      </div>
      {generalError && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{generalError}</MessageBarBody>
        </MessageBar>
      )}
    </form>
  );
}

function OwnRequests() {
  const t = useT();
  const styles = useStyles();
  const headingId = useId();
  const { locale } = useI18n();
  const dateFormat = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }), [locale]);
  const pages = useCursorPages({
    queryKey: ['vl-profile-requests', 'pages'],
    fetchPage: ({ cursor, limit }) =>
      call(api.GET('/api/v1/vl-profile-requests', { params: { query: { cursor, limit } } })),
  });
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <Subtitle1 as="h2" id={headingId} className={styles.heading}>
        {t('vlProfileRequest.ownHeading')}
      </Subtitle1>
      <PagedTable
        pages={pages}
        label={t('vlProfileRequest.ownTableLabel')}
        empty={t('vlProfileRequest.ownNone')}
        columns={[
          t('vlProfileRequest.number'),
          t('vlProfileRequest.kindColumn'),
          t('vlProfileRequest.businessEmail'),
          t('vlProfileRequest.licenseIdNumbers'),
          t('vlProfileRequest.filedOn'),
          t('vlProfileRequest.state'),
        ]}
        row={(request) => (
          <TableRow key={request.supportRequestId}>
            <TableCell>{request.supportRequestId}</TableCell>
            <TableCell>{t(`vlProfileRequest.kindShort.${request.kind}`)}</TableCell>
            <TableCell>{request.businessEmail}</TableCell>
            <TableCell>
              <span className={styles.mono}>{request.licenseIdNumbers.join(', ')}</span>
            </TableCell>
            <TableCell>{dateFormat.format(new Date(request.createdAt))}</TableCell>
            <TableCell>
              {t(`vlProfileRequest.states.${request.state}`)}
              {request.rejectionReason && (
                <>
                  {' — '}
                  {t('vlProfileRequest.reason')}: {request.rejectionReason}
                </>
              )}
            </TableCell>
          </TableRow>
        )}
      />
    </section>
  );
}
