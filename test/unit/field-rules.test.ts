// Problem fields carry a stable rule (src/domain/errors.ts FIELD_RULES) so that a client can say what is wrong in its
// own language. The server's mapping of schema violations to rules; the web app's messages are complete by type
// (web/src/components/field-errors.ts) and shown in both languages by test/e2e/directory.spec.ts.
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { FIELD_RULES } from '../../src/domain/errors.js';
import { schemaViolationField } from '../../src/http/validation.js';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validate = ajv.compile({
  type: 'object',
  required: ['name', 'email'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', maxLength: 5 },
    email: { type: 'string', format: 'email' },
    day: { type: 'string', format: 'date' },
    kind: { enum: ['a', 'b'] },
    lines: { type: 'array', items: { type: 'object', properties: { quantity: { type: 'integer', minimum: 1 } } } },
  },
});

function violations(value: unknown, prefix: string | undefined) {
  expect(validate(value)).toBe(false);
  return validate.errors!.map((e) => schemaViolationField(e, prefix));
}

describe('schemaViolationField', () => {
  it('names each field where it came from, with its rule and limit', () => {
    const fields = violations(
      { name: 'too long', email: 'not-an-address', day: '31-12-2026', kind: 'c', lines: [{ quantity: 0 }], extra: 1 },
      'body',
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        { name: 'body.extra', message: 'is not a known field', rule: 'unknown' },
        { name: 'body.name', message: expect.any(String), rule: 'too_long', limit: 5 },
        { name: 'body.email', message: expect.any(String), rule: 'email_invalid' },
        { name: 'body.day', message: expect.any(String), rule: 'date_invalid' },
        { name: 'body.kind', message: expect.any(String), rule: 'not_allowed' },
        { name: 'body.lines.0.quantity', message: expect.any(String), rule: 'too_small', limit: 1 },
      ]),
    );
    expect(fields).toHaveLength(6);
    for (const field of fields) expect(FIELD_RULES).toContain(field.rule);
  });

  it('names a missing property itself; an imported record has no prefix', () => {
    expect(violations({ email: 'ana@contoso.example' }, undefined)).toEqual([
      { name: 'name', message: 'is required', rule: 'required' },
    ]);
    expect(violations('not an object', undefined)).toEqual([
      { name: '(record)', message: expect.any(String), rule: 'type' },
    ]);
  });
});
