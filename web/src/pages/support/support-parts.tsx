// Pieces the customer's and the operator's support pages share: the state badge, the message thread, the category
// picker, and reading a comma-separated list of numbers.
import { Badge, Body1, Caption1, Card, Dropdown, Field, makeStyles, Option, tokens } from '@fluentui/react-components';
import { SUPPORT_CATEGORIES, type SupportMessage, type SupportState } from '../../api/support';
import { useI18n, useT } from '../../i18n/i18n';

const useStyles = makeStyles({
  thread: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  message: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  fromSupport: {
    borderInlineStartWidth: tokens.strokeWidthThicker,
    borderInlineStartStyle: 'solid',
    borderInlineStartColor: tokens.colorBrandStroke1,
  },
  meta: { color: tokens.colorNeutralForeground2 },
  // People write line breaks; keep them.
  body: { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
});

const STATE_COLORS: Record<SupportState, 'informative' | 'brand' | 'warning' | 'success'> = {
  new: 'informative',
  'in-progress': 'brand',
  'waiting-on-customer': 'warning',
  resolved: 'success',
};

/** The request's state; `audience` picks the wording ("Waiting on you" for the customer). */
export function SupportStateBadge({ state, audience }: { state: SupportState; audience: 'customer' | 'operator' }) {
  const t = useT();
  return (
    <Badge appearance="tint" color={STATE_COLORS[state]}>
      {t(audience === 'customer' ? `support.states.${state}` : `support.operatorStates.${state}`)}
    </Badge>
  );
}

export function useDateTime() {
  const { locale } = useI18n();
  return (value: string) => new Date(value).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A category's label; VL profile requests carry a category of their own. */
/** The categories a request can have: those a person picks, and those of New VL profile requests. */
const LABELLED_CATEGORIES = [...SUPPORT_CATEGORIES, 'vl-profile-create', 'vl-profile-rebind'] as const;

export function useCategoryLabel() {
  const t = useT();
  return (category: string) =>
    (LABELLED_CATEGORIES as readonly string[]).includes(category)
      ? t(`support.categories.${category as (typeof LABELLED_CATEGORIES)[number]}`)
      : category;
}

/** The messages of a request, oldest first. The customer's own are "You" to them; support's are "Support". */
export function SupportThread({
  messages,
  audience,
}: {
  messages: readonly SupportMessage[];
  audience: 'customer' | 'operator';
}) {
  const t = useT();
  const styles = useStyles();
  const date = useDateTime();
  return (
    <ol className={styles.thread}>
      {messages.map((message) => {
        const author =
          message.author === 'operator'
            ? (message.authorName ?? t('support.supportAuthor'))
            : audience === 'customer'
              ? t('support.you')
              : (message.authorName ?? '');
        return (
          <li key={message.id}>
            <Card className={message.author === 'operator' ? styles.fromSupport : undefined}>
              <div className={styles.message}>
                <Caption1 className={styles.meta}>
                  {author} · {date(message.createdAt)}
                </Caption1>
                <Body1 className={styles.body}>{message.body}</Body1>
              </div>
            </Card>
          </li>
        );
      })}
    </ol>
  );
}

export type SupportCategoryValue = (typeof SUPPORT_CATEGORIES)[number];

export function CategoryField({
  value,
  onChange,
  error,
}: {
  value: SupportCategoryValue | null;
  onChange: (value: SupportCategoryValue) => void;
  error: string | undefined;
}) {
  const t = useT();
  return (
    <Field label={t('support.categoryLabel')} required validationMessage={error}>
      <Dropdown
        value={value ? t(`support.categories.${value}`) : ''}
        selectedOptions={value ? [value] : []}
        onOptionSelect={(_e, data) => onChange(data.optionValue as SupportCategoryValue)}
      >
        {SUPPORT_CATEGORIES.map((c) => (
          <Option key={c} value={c}>
            {t(`support.categories.${c}`)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}

/** "V1, v2  V3" → ["V1", "V2", "V3"]: numbers are upper case on the server. */
export function splitNumbers(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((n) => n.trim().toUpperCase())
    .filter((n) => n !== '');
}
