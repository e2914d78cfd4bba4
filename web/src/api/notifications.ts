// In-app notices (the bell in the top bar): work that finished in the background, e.g. a large license summary.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call } from './client';
import type { operations } from './schema';

export type NotificationList = operations['listNotifications']['responses'][200]['content']['application/json'];
export type Notice = NotificationList['items'][number];

export const notificationsQueryKey = ['notifications'] as const;

/** Asked again every minute, so a notice appears while the person works on another page. */
export function useNotifications(enabled: boolean) {
  return useQuery({
    queryKey: notificationsQueryKey,
    queryFn: () => call(api.GET('/api/v1/notifications')),
    enabled,
    refetchInterval: 60_000,
  });
}

export function useMarkNotificationRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (notificationId: number) =>
      call(api.POST('/api/v1/notifications/{notificationId}/read', { params: { path: { notificationId } } })),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
}

export function useMarkAllNotificationsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api.POST('/api/v1/notifications/read-all')),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: notificationsQueryKey }),
  });
}
