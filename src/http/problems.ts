// RFC 9457 problem+json for every error: a stable `code`, a human `detail`, the offending fields; never a stack
// trace or SQL text. Fastify's own errors (validation, body size, media type, JSON syntax) map to codes too.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, FIELD_RULES, type ProblemField } from '../domain/errors.js';
import { schemaViolationField, type SchemaViolation } from './validation.js';

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  fields?: ProblemField[];
};

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  const { fields, retryAfterSeconds, ...extra } = error.extra;
  const problem: Problem & Record<string, unknown> = {
    type: `urn:vlcenter:problem:${error.code}`,
    title: TITLES[error.status] ?? 'Error',
    status: error.status,
    detail: error.message,
    code: error.code,
    instance: request.url.split('?')[0] ?? request.url,
    ...extra,
    ...(fields ? { fields } : {}),
  };
  if (retryAfterSeconds !== undefined) void reply.header('retry-after', String(retryAfterSeconds));
  return reply.status(error.status).type('application/problem+json; charset=utf-8').send(problem);
}

/** Maps any thrown value to an AppError; unknown errors become a generic 500 (the caller logs the original). */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const e = error as FastifyError & { validationContext?: string };
  if (e?.validation) {
    const where = e.validationContext ?? 'body';
    const fields = e.validation.map((v) => schemaViolationField(v as SchemaViolation, where));
    const first = fields[0];
    return new AppError(
      400,
      'request.invalid',
      first ? `The request is not valid: ${first.name} ${first.message}.` : 'The request is not valid.',
      { fields },
    );
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(413, 'request.too_large', 'The request body is too large. Send less data at once.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'request.unsupported_media_type', 'Send the request body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError(400, 'request.malformed_body', 'The request body is empty but should be JSON.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError(400, 'request.malformed_body', 'The request body is not valid JSON.');
  }
  if (e instanceof SyntaxError || e?.statusCode === 400) {
    return new AppError(400, 'request.malformed_body', 'The request could not be read: check that it is valid JSON.');
  }
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return new AppError(e.statusCode, 'request.rejected', 'The request was rejected.');
  }
  return new AppError(
    500,
    'internal',
    'Something went wrong on our side. Try again; if it keeps happening, contact support.',
  );
}

/** The problem+json shape, declared once and referenced by every API route's 4xx/5xx responses. */
export const ProblemSchema = {
  $id: 'Problem',
  type: 'object',
  description: 'RFC 9457 problem details with a stable machine-readable code',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'what happened and what to do next' },
    code: { type: 'string', description: 'stable, e.g. registration.personal_account' },
    instance: { type: 'string' },
    fields: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'message', 'rule'],
        properties: {
          name: { type: 'string', description: 'where: body.email, querystring.cursor, body.lines.3.quantity' },
          message: { type: 'string', description: 'what is wrong, in English' },
          rule: {
            type: 'string',
            enum: [...FIELD_RULES],
            description: 'the same as a stable code, to say in your own language',
          },
          limit: { type: 'number', description: 'with too_short, too_long, too_few, too_many, too_small, too_large' },
        },
      },
    },
  },
  // Some problems carry more (e.g. the masked sign-in ID to use); they pass through unchanged.
  additionalProperties: true,
} as const;

export function registerProblemHandlers(app: FastifyInstance): void {
  app.addSchema(ProblemSchema);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/v1/') || route.schema?.hide) return;
    const response = { ...(route.schema?.response as Record<string, unknown> | undefined) };
    const problem = {
      description: 'Problem',
      content: { 'application/problem+json': { schema: { $ref: 'Problem#' } } },
    };
    response['4xx'] ??= problem;
    response['5xx'] ??= problem;
    route.schema = { ...route.schema, response };
  });
  app.setErrorHandler((error, request, reply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, request, appError);
  });
}
