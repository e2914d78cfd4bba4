import { Button, MessageBar, MessageBarActions, MessageBarBody, Spinner } from '@fluentui/react-components';
import { useT } from '../i18n/i18n';
import { problemMessage } from './problem-message';

export function Loading() {
  const t = useT();
  return <Spinner label={t('app.loading')} />;
}

export function LoadError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const t = useT();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        {t('errors.loadFailed')} {problemMessage(error, t)}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onRetry}>{t('errors.retry')}</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
