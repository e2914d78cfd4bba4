import { Toast, ToastTitle, useToastController } from '@fluentui/react-components';
import { useCallback } from 'react';
import { toasterId } from '../../components/notifications';

/** A short success message in the app's toaster (also read out: Fluent's toasts live in a polite live region). */
export function useNotifySuccess(): (message: string) => void {
  const { dispatchToast } = useToastController(toasterId);
  return useCallback(
    (message: string) =>
      dispatchToast(
        <Toast>
          <ToastTitle>{message}</ToastTitle>
        </Toast>,
        { intent: 'success' },
      ),
    [dispatchToast],
  );
}
