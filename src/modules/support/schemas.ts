// The support API's shapes: Help & support (signed in), the public contact form, and the operator queue.
import { Type } from 'typebox';
import { AccessCheck } from '../access-check/routes.js';
import { AgreementNumber, Timestamp, Uuid } from '../agreements/schemas.js';
import { SUPPORT_CATEGORIES } from './service.js';
import { SUPPORT_REQUEST_KINDS, SUPPORT_REQUEST_STATES } from './requests.js';

export const SupportRequestId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IdParams = Type.Object({ id: SupportRequestId });

export const SupportCategory = Type.Enum([...SUPPORT_CATEGORIES]);
export const SupportState = Type.Enum([...SUPPORT_REQUEST_STATES]);
export const SupportKind = Type.Enum([...SUPPORT_REQUEST_KINDS]);
export const Locale = Type.Enum(['en', 'nl'], { description: 'the language of the e-mails (default en)' });

/** One line people read: no control characters. */
const Line = (maxLength: number) =>
  Type.String({ minLength: 1, maxLength, pattern: '^[^\\u0000-\\u001F\\u007F]*\\S[^\\u0000-\\u001F\\u007F]*$' });
/** Free text with line breaks (tabs and newlines allowed, other control characters not). */
const MessageText = Type.String({
  minLength: 1,
  maxLength: 10_000,
  pattern:
    '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*\\S[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F]*$',
});
const Email = Type.String({ minLength: 1, maxLength: 254, description: 'an e-mail address' });

export const SupportMessage = Type.Object(
  {
    id: Type.Integer(),
    author: Type.Enum(['customer', 'operator']),
    authorName: Type.Union([Type.String(), Type.Null()], {
      description: 'the customer’s name; an operator’s only in the operator API (customers see Support)',
    }),
    body: Type.String(),
    createdAt: Timestamp,
  },
  { $id: 'SupportMessage' },
);

const summaryFields = {
  id: SupportRequestId,
  kind: SupportKind,
  category: Type.String({ description: `${SUPPORT_CATEGORIES.join(', ')}; VL profile requests have their own` }),
  subject: Type.String(),
  state: SupportState,
  licenseIdNumbers: Type.Array(Type.String(), {
    description: 'help: License IDs the requester could see; contact: agreement numbers as typed (unverified)',
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  resolvedAt: Type.Union([Timestamp, Type.Null()]),
};

export const SupportRequestSummary = Type.Object(summaryFields, { $id: 'SupportRequestSummary' });
export const SupportRequestPage = Type.Object(
  { items: Type.Array(SupportRequestSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'SupportRequestPage' },
);
export const SupportRequestDetail = Type.Object(
  { ...summaryFields, messages: Type.Array(SupportMessage) },
  { $id: 'SupportRequestDetail' },
);

const operatorFields = {
  ...summaryFields,
  requester: Type.Object({
    name: Type.String(),
    email: Type.String({ description: 'where replies are e-mailed' }),
    accountId: Type.Union([Uuid, Type.Null()], { description: 'null: the public contact form' }),
    cloud: Type.String(),
  }),
  assignedOperator: Type.Union([Type.Object({ id: Uuid, displayName: Type.String() }), Type.Null()]),
};
export const OperatorSupportRequestSummary = Type.Object(operatorFields, { $id: 'OperatorSupportRequestSummary' });
export const OperatorSupportRequestPage = Type.Object(
  { items: Type.Array(OperatorSupportRequestSummary), nextCursor: Type.Union([Type.String(), Type.Null()]) },
  { $id: 'OperatorSupportRequestPage' },
);
export const OperatorSupportRequest = Type.Object(
  { ...operatorFields, messages: Type.Array(SupportMessage) },
  { $id: 'OperatorSupportRequest' },
);
export const OperatorSupportRequestWithCheck = Type.Object(
  {
    ...operatorFields,
    messages: Type.Array(SupportMessage),
    accessChecks: Type.Array(AccessCheck, {
      description:
        'the requester’s access check: their account’s; for the contact form, every account signing in with the proved address in the request’s cloud (possibly none)',
    }),
  },
  { $id: 'OperatorSupportRequestWithCheck' },
);

export const ListQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const OperatorListQuery = Type.Object(
  {
    ...ListQuery.properties,
    state: Type.Optional(Type.Array(SupportState, { maxItems: 4, description: 'any of these states' })),
    kind: Type.Optional(SupportKind),
    assigned: Type.Optional(Type.Enum(['me', 'unassigned'], { description: 'assigned to the caller, or to nobody' })),
    q: Type.Optional(
      Type.String({ maxLength: 200, description: 'subject, requester name or e-mail contains; or a request number' }),
    ),
  },
  { additionalProperties: false },
);

export const NewRequestBody = Type.Object(
  {
    category: SupportCategory,
    subject: Line(200),
    description: MessageText,
    licenseIdNumbers: Type.Optional(
      Type.Array(AgreementNumber, { maxItems: 50, description: 'License IDs you can see that the request is about' }),
    ),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);

export const CustomerMessageBody = Type.Object({ body: MessageText }, { additionalProperties: false });

export const OperatorMessageBody = Type.Object(
  {
    body: MessageText,
    state: Type.Optional(
      Type.Enum(['in-progress', 'waiting-on-customer', 'resolved'], {
        description: 'the state after the reply; default waiting-on-customer',
      }),
    ),
  },
  { additionalProperties: false },
);

export const StateBody = Type.Object({ state: SupportState }, { additionalProperties: false });

export const ContactCodeBody = Type.Object(
  { email: Email, locale: Type.Optional(Locale) },
  { additionalProperties: false },
);
export const ContactCodeSent = Type.Object(
  { sentTo: Type.String({ description: 'the normalized address the code went to' }), expiresAt: Timestamp },
  { $id: 'ContactCodeSent' },
);

export const ContactBody = Type.Object(
  {
    email: Email,
    code: Type.String({ pattern: '^[0-9]{6,8}$', description: 'the code e-mailed by POST /support/contact/code' }),
    name: Line(256),
    category: SupportCategory,
    subject: Line(200),
    description: MessageText,
    agreementNumbers: Type.Optional(
      Type.Array(AgreementNumber, { maxItems: 20, description: 'agreement or License ID numbers, if you know them' }),
    ),
    locale: Type.Optional(Locale),
  },
  { additionalProperties: false },
);
export const ContactReceived = Type.Object(
  { id: SupportRequestId, state: SupportState },
  { $id: 'ContactReceived', description: 'the request number to mention when writing again' },
);
