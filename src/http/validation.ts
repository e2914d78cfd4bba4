// Request validation. Bodies are validated strictly — a number where a string belongs is an error, not coerced,
// and an unknown property is refused rather than silently dropped. Query strings and path parameters arrive as
// text, so there types are coerced ("10" → 10).
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import type { FieldRule, ProblemField } from '../domain/errors.js';

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: false, removeAdditional: false, useDefaults: true, strict: false, ...options });
  addFormats.default(ajv);
  return ajv;
}

export function registerValidation(app: FastifyInstance): void {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));
}

/** What a failed JSON Schema check reports (Ajv's ErrorObject, also what Fastify's validation errors carry). */
export type SchemaViolation = {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string | undefined;
};

const RULE_OF_KEYWORD: Partial<Record<string, FieldRule>> = {
  type: 'type',
  pattern: 'pattern',
  minLength: 'too_short',
  maxLength: 'too_long',
  minItems: 'too_few',
  maxItems: 'too_many',
  minimum: 'too_small',
  exclusiveMinimum: 'too_small',
  maximum: 'too_large',
  exclusiveMaximum: 'too_large',
  enum: 'not_allowed',
  const: 'not_allowed',
  uniqueItems: 'duplicate',
};

const RULE_OF_FORMAT: Partial<Record<string, FieldRule>> = {
  email: 'email_invalid',
  date: 'date_invalid',
  'date-time': 'date_invalid',
  uuid: 'id_invalid',
};

/**
 * The problem field of a schema violation, named `<prefix>.<path>` (`body.lines.3.quantity`); a missing or an
 * unexpected property is named itself, not its parent object. The one mapping for request validation and for
 * imported records.
 */
export function schemaViolationField(violation: SchemaViolation, prefix: string | undefined): ProblemField {
  const { keyword, params } = violation;
  const path = violation.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const property =
    (params['missingProperty'] as string | undefined) ?? (params['additionalProperty'] as string | undefined);
  const name = [prefix, path, property].filter(Boolean).join('.') || '(record)';
  if (keyword === 'required') return { name, message: 'is required', rule: 'required' };
  if (keyword === 'additionalProperties') return { name, message: 'is not a known field', rule: 'unknown' };
  const rule =
    keyword === 'format'
      ? (RULE_OF_FORMAT[params['format'] as string] ?? 'invalid')
      : (RULE_OF_KEYWORD[keyword] ?? 'invalid');
  const limit = params['limit'];
  return {
    name,
    message: violation.message ?? 'is not valid',
    rule,
    ...(typeof limit === 'number' ? { limit } : {}),
  };
}
