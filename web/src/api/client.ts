import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './schema';

export type Me = paths['/api/v1/me']['get']['responses'][200]['content']['application/json'];
export type Preferences = Me['preferences'];
export type Locale = NonNullable<Preferences['locale']>;

/** A stable code saying what is wrong with a field (the server's FIELD_RULES), translated by components/field-errors. */
export type FieldRule = NonNullable<components['schemas']['Problem']['fields']>[number]['rule'];

export interface ProblemField {
  name: string;
  /** the server's English text: shown only when the rule is unknown to this app */
  message: string;
  rule?: FieldRule;
  limit?: number;
}

/** An RFC 9457 problem answer (or a network failure dressed as one, status 0) thrown by every API helper. */
export class ApiProblem extends Error {
  readonly status: number;
  readonly code: string;
  readonly type: string;
  readonly title: string;
  /** Human text from the server, meant for users; absent when the answer was not problem+json. */
  readonly detail: string | undefined;
  readonly fields: ProblemField[];
  /** Seconds, from the Retry-After header of a 429 or 503. */
  readonly retryAfter: number | undefined;
  /** The problem's other members (RFC 9457 extensions), e.g. the masked sign-in ID a refusal names. */
  readonly extensions: Readonly<Record<string, unknown>>;

  constructor(init: {
    status: number;
    code: string;
    type?: string;
    title?: string;
    detail?: string | undefined;
    fields?: ProblemField[];
    retryAfter?: number | undefined;
    extensions?: Readonly<Record<string, unknown>>;
  }) {
    super(init.detail ?? init.title ?? init.code);
    this.name = 'ApiProblem';
    this.status = init.status;
    this.code = init.code;
    this.type = init.type ?? 'about:blank';
    this.title = init.title ?? '';
    this.detail = init.detail;
    this.fields = init.fields ?? [];
    this.retryAfter = init.retryAfter;
    this.extensions = init.extensions ?? {};
  }

  static fromResponse(response: Response, body: unknown): ApiProblem {
    const problem = isRecord(body) ? body : {};
    const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
    return new ApiProblem({
      status: response.status,
      code: stringOr(problem['code'], `http.${response.status}`),
      type: stringOr(problem['type'], 'about:blank'),
      title: stringOr(problem['title'], response.statusText),
      detail: typeof problem['detail'] === 'string' ? problem['detail'] : undefined,
      fields: Array.isArray(problem['fields']) ? problem['fields'].filter(isField) : [],
      retryAfter: Number.isFinite(retryAfter) ? retryAfter : undefined,
      extensions: Object.fromEntries(Object.entries(problem).filter(([name]) => !STANDARD_MEMBERS.has(name))),
    });
  }
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'fields']);

export function isApiProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}

// The token comes from the last /me or sign-in answer; the session cookie alone must not authorize writes.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrfMiddleware: Middleware = {
  onRequest({ request }) {
    if (csrfToken !== null && !SAFE_METHODS.has(request.method)) {
      request.headers.set('x-csrf-token', csrfToken);
    }
    return request;
  },
};

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
api.use(csrfMiddleware);

/**
 * Turns openapi-fetch's `{ data, error, response }` into a value or a thrown ApiProblem,
 * so TanStack Query sees failures as failures.
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (cause) {
    if (cause instanceof ApiProblem) throw cause;
    throw new ApiProblem({ status: 0, code: 'network', title: String(cause) });
  }
  if (!result.response.ok) throw ApiProblem.fromResponse(result.response, result.error);
  return result.data as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

function isField(value: unknown): value is ProblemField {
  return isRecord(value) && typeof value['name'] === 'string' && typeof value['message'] === 'string';
}
