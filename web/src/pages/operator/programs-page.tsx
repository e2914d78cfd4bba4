// The operator console's Programs page (SPEC §3): list, add, and edit licensing programs. A program's enterprise style
// is fixed once License IDs use it (the server answers 409 program.in_use), so the switch is disabled then.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  DialogTrigger,
  Dropdown,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Subtitle1,
  Switch,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useState, type FormEvent } from 'react';
import { useCreateProgram, usePrograms, useUpdateProgram, type Program } from '../../api/operator-programs';
import { fieldError } from '../../components/field-errors';
import { PageHeader } from '../../components/page-header';
import { PagedTable } from '../../components/paged-table';
import { problemMessage } from '../../components/problem-message';
import { useT } from '../../i18n/i18n';
import { OperatorNav } from './operator-nav';
import { OperatorOnly } from './operator-pages';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  heading: { margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '32rem' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

const VISIBILITIES = ['purchased', 'all'] as const;
type Visibility = (typeof VISIBILITIES)[number];

export function OperatorProgramsPage() {
  const t = useT();
  return (
    <OperatorOnly title={t('operatorPrograms.title')}>
      <ProgramList />
    </OperatorOnly>
  );
}

function ProgramList() {
  const t = useT();
  const styles = useStyles();
  const programs = usePrograms();
  return (
    <div className={styles.body}>
      <PageHeader title={t('operatorPrograms.title')} intro={t('operatorPrograms.intro')} />
      <OperatorNav />
      <PagedTable
        pages={programs}
        label={t('operatorPrograms.table')}
        columns={[
          t('operatorPrograms.name'),
          t('operatorPrograms.id'),
          t('operatorPrograms.enterpriseStyle'),
          t('operatorPrograms.catalogVisibility'),
          t('operatorPrograms.licenseIds'),
          '',
        ]}
        empty={t('operatorPrograms.none')}
        row={(program) => <ProgramRow key={program.id} program={program} />}
      />
      <CreateProgramForm />
    </div>
  );
}

function ProgramRow({ program }: { program: Program }) {
  const t = useT();
  return (
    <TableRow>
      <TableCell>{program.name}</TableCell>
      <TableCell>{program.id}</TableCell>
      <TableCell>{t(program.enterpriseStyle ? 'operatorPrograms.yes' : 'operatorPrograms.no')}</TableCell>
      <TableCell>{t(`operatorPrograms.visibility_${program.catalogVisibility}`)}</TableCell>
      <TableCell>{program.licenseIdCount}</TableCell>
      <TableCell>
        <EditProgramDialog program={program} />
      </TableCell>
    </TableRow>
  );
}

function VisibilityField({
  value,
  onChange,
  error,
}: {
  value: Visibility;
  onChange: (value: Visibility) => void;
  error: string | undefined;
}) {
  const t = useT();
  return (
    <Field label={t('operatorPrograms.catalogVisibility')} validationMessage={error}>
      <Dropdown
        value={t(`operatorPrograms.visibility_${value}`)}
        selectedOptions={[value]}
        onOptionSelect={(_e, data) => onChange(data.optionValue as Visibility)}
      >
        {VISIBILITIES.map((v) => (
          <Option key={v} value={v}>
            {t(`operatorPrograms.visibility_${v}`)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

function EditProgramDialog({ program }: { program: Program }) {
  const t = useT();
  const styles = useStyles();
  const update = useUpdateProgram();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(program.name);
  const [visibility, setVisibility] = useState<Visibility>(program.catalogVisibility);
  const [enterpriseStyle, setEnterpriseStyle] = useState(program.enterpriseStyle);
  const locked = program.licenseIdCount > 0;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = {
      name: name.trim(),
      catalogVisibility: visibility,
      ...(locked ? {} : { enterpriseStyle }),
    };
    update.mutate({ id: program.id, body }, { onSuccess: () => setOpen(false) });
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(_e, data) => {
        setOpen(data.open);
        if (data.open) {
          update.reset();
          setName(program.name);
          setVisibility(program.catalogVisibility);
          setEnterpriseStyle(program.enterpriseStyle);
        }
      }}
    >
      <DialogTrigger disableButtonEnhancement>
        <Button>{t('operatorPrograms.edit', { name: program.name })}</Button>
      </DialogTrigger>
      <DialogSurface>
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{t('operatorPrograms.editTitle', { name: program.name })}</DialogTitle>
            <DialogContent className={styles.form}>
              <Field
                label={t('operatorPrograms.name')}
                required
                validationMessage={fieldError(update.error, 'name', t)}
              >
                <Input value={name} onChange={(_e, data) => setName(data.value)} />
              </Field>
              <VisibilityField
                value={visibility}
                onChange={setVisibility}
                error={fieldError(update.error, 'catalogVisibility', t)}
              />
              <Field
                hint={locked ? t('operatorPrograms.enterpriseLocked', { count: program.licenseIdCount }) : undefined}
              >
                <Switch
                  label={t('operatorPrograms.enterpriseStyle')}
                  checked={enterpriseStyle}
                  disabled={locked}
                  onChange={(_e, data) => setEnterpriseStyle(data.checked)}
                />
              </Field>
              {update.isError && (
                <MessageBar intent="error" layout="multiline">
                  <MessageBarBody>{problemMessage(update.error, t)}</MessageBarBody>
                </MessageBar>
              )}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabledFocusable={update.isPending}>
                {t('operatorPrograms.save')}
              </Button>
              <DialogTrigger disableButtonEnhancement>
                <Button>{t('operatorPrograms.cancel')}</Button>
              </DialogTrigger>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function CreateProgramForm() {
  const t = useT();
  const styles = useStyles();
  const create = useCreateProgram();
  const [id, setId] = useState('');
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('purchased');
  const [enterpriseStyle, setEnterpriseStyle] = useState(false);
  const [created, setCreated] = useState<string | null>(null);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setCreated(null);
    create.mutate(
      { id: id.trim(), name: name.trim(), enterpriseStyle, catalogVisibility: visibility },
      {
        onSuccess: (program) => {
          setCreated(program.name);
          setId('');
          setName('');
          setEnterpriseStyle(false);
          setVisibility('purchased');
        },
      },
    );
  };

  return (
    <section aria-labelledby="create-program-heading" className={styles.body}>
      <Subtitle1 as="h2" id="create-program-heading" className={styles.heading}>
        {t('operatorPrograms.createHeading')}
      </Subtitle1>
      <form className={styles.form} onSubmit={submit} noValidate>
        <Field
          label={t('operatorPrograms.id')}
          hint={t('operatorPrograms.idHint')}
          required
          validationMessage={fieldError(create.error, 'id', t)}
        >
          <Input value={id} onChange={(_e, data) => setId(data.value)} />
        </Field>
        <Field label={t('operatorPrograms.name')} required validationMessage={fieldError(create.error, 'name', t)}>
          <Input value={name} onChange={(_e, data) => setName(data.value)} />
        </Field>
        <VisibilityField
          value={visibility}
          onChange={setVisibility}
          error={fieldError(create.error, 'catalogVisibility', t)}
        />
        <Switch
          label={t('operatorPrograms.enterpriseStyle')}
          checked={enterpriseStyle}
          onChange={(_e, data) => setEnterpriseStyle(data.checked)}
        />
        {create.isError && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>{problemMessage(create.error, t)}</MessageBarBody>
          </MessageBar>
        )}
        {created && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{t('operatorPrograms.created', { name: created })}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabledFocusable={create.isPending}>
            {t('operatorPrograms.createButton')}
          </Button>
        </div>
      </form>
    </section>
  );
}
