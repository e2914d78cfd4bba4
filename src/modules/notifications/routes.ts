// The signed-in person's in-app notices (service.ts): list, mark one read, mark all read.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NOTIFICATION_KINDS, type NotificationsService } from './service.js';

const NotificationList = Type.Object(
  {
    unreadCount: Type.Integer({ minimum: 0 }),
    items: Type.Array(
      Type.Object({
        id: Type.Integer(),
        kind: Type.Enum([...NOTIFICATION_KINDS]),
        params: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
        link: Type.String({ description: 'a path of the web app' }),
        createdAt: Type.String({ format: 'date-time' }),
        read: Type.Boolean(),
      }),
    ),
  },
  { $id: 'NotificationList' },
);

export function notificationsRoutes(deps: { notifications: NotificationsService }): FastifyPluginAsyncTypebox {
  const { notifications } = deps;
  return async (app) => {
    const tags = ['notifications'];

    app.get(
      '/api/v1/notifications',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'listNotifications',
          summary: 'Your newest in-app notices (at most 50) and how many are unread',
          response: { 200: NotificationList },
        },
      },
      async (request) => notifications.list(request.auth!.account.id),
    );

    app.post(
      '/api/v1/notifications/:notificationId/read',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'markNotificationRead',
          summary: 'Mark one of your notices read (another person’s is 404 notification.not_found)',
          params: Type.Object({ notificationId: Type.Integer({ minimum: 1 }) }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await notifications.markRead(request.auth!.account.id, request.params.notificationId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/v1/notifications/read-all',
      {
        config: { access: 'signed-in' },
        schema: {
          tags,
          operationId: 'markAllNotificationsRead',
          summary: 'Mark all your notices read',
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await notifications.markAllRead(request.auth!.account.id);
        return reply.status(204).send(null);
      },
    );
  };
}
