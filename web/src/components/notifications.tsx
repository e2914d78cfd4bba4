import { Toast, ToastBody, Toaster, ToastTitle, useToastController } from '@fluentui/react-components';
import { useCallback } from 'react';
import { isApiProblem } from '../api/client';
import { useT } from '../i18n/i18n';
import { problemMessage } from './problem-message';

export const toasterId = 'vlcenter-toaster';

export function AppToaster() {
  return <Toaster toasterId={toasterId} position="top-end" />;
}

/** For background saves (pins, language) that have no form to show their error in. */
export function useReportSaveError(): (error: unknown) => void {
  const t = useT();
  const { dispatchToast } = useToastController(toasterId);
  return useCallback(
    (error: unknown) => {
      // A lost session already sends the user to the sign-in page; a toast on top would only add noise.
      if (isApiProblem(error) && error.status === 401) return;
      dispatchToast(
        <Toast>
          <ToastTitle>{t('errors.saveFailed')}</ToastTitle>
          <ToastBody>{problemMessage(error, t)}</ToastBody>
        </Toast>,
        { intent: 'error' },
      );
    },
    [dispatchToast, t],
  );
}
