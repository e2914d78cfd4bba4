// Request and response shapes of the catalog: operator products, download files, key pools and shortfalls; the
// customer's downloads, links and product keys.
import { Type, type Static } from 'typebox';
import { FILE_ARCHITECTURES, FILE_FORMATS, FILE_OS_TYPES, PRODUCT_KEY_TYPES } from '../../domain/catalog.js';
import { AgreementNumber, Pool, Timestamp, Uuid } from '../agreements/schemas.js';

const text = (maxLength: number, options: Record<string, unknown> = {}) =>
  Type.String({ minLength: 1, maxLength, pattern: '\\S', ...options });

export const KeyType = Type.Enum([...PRODUCT_KEY_TYPES]);
export const OsType = Type.Enum([...FILE_OS_TYPES]);
export const Architecture = Type.Enum([...FILE_ARCHITECTURES]);
export const FileFormat = Type.Enum([...FILE_FORMATS]);
export const Language = Type.String({
  pattern: '^([a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?|neutral)$',
  description: 'a BCP 47 language tag such as en-US or nl-NL, or `neutral`',
});
/** A file name as the browser saves it: no path separators, no control characters. */
export const FileName = Type.String({
  minLength: 1,
  maxLength: 255,
  pattern: '^[^\\\\/\\x00-\\x1f\\x7f]*[^\\\\/\\x00-\\x1f\\x7f. ]$',
});

// ---------------------------------------------------------------- operator: products and files

export const CreateProductBody = Type.Object(
  {
    family: text(200),
    name: text(200),
    version: text(50),
    pool: Pool,
    needsKey: Type.Boolean(),
    keyTypes: Type.Optional(
      Type.Array(KeyType, {
        maxItems: PRODUCT_KEY_TYPES.length,
        uniqueItems: true,
        description: 'the key types a License ID gets one key of each when it orders the product (default: mak)',
      }),
    ),
  },
  { additionalProperties: false },
);
export type CreateProductInput = Static<typeof CreateProductBody>;

export const UpdateProductBody = Type.Object(
  {
    needsKey: Type.Optional(Type.Boolean()),
    keyTypes: Type.Optional(Type.Array(KeyType, { maxItems: PRODUCT_KEY_TYPES.length, uniqueItems: true })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateProductInput = Static<typeof UpdateProductBody>;

export const DownloadFile = Type.Object(
  {
    id: Uuid,
    fileName: Type.String(),
    language: Type.String(),
    os: OsType,
    architecture: Architecture,
    format: FileFormat,
    size: Type.Integer({ description: 'bytes' }),
    sha256: Type.String({ description: 'lower-case hex SHA-256 of the file' }),
    createdAt: Timestamp,
  },
  { $id: 'DownloadFile' },
);
export type DownloadFileView = Static<typeof DownloadFile>;

export const KeyPool = Type.Object({
  type: KeyType,
  available: Type.Integer({ description: 'keys in the pool, not yet assigned' }),
  assigned: Type.Integer(),
  shortfalls: Type.Integer({ description: 'License IDs waiting for a key of this type (the pool ran out)' }),
});

export const Product = Type.Object(
  {
    id: Uuid,
    family: Type.String(),
    name: Type.String(),
    version: Type.String(),
    pool: Pool,
    needsKey: Type.Boolean(),
    keyTypes: Type.Array(KeyType),
    files: Type.Array(DownloadFile),
    keyPools: Type.Array(KeyPool),
    createdAt: Timestamp,
  },
  { $id: 'CatalogProduct' },
);
export type ProductView = Static<typeof Product>;

export const UploadFileQuery = Type.Object(
  {
    fileName: FileName,
    language: Language,
    os: OsType,
    architecture: Architecture,
    format: FileFormat,
  },
  { additionalProperties: false },
);
export type UploadFileInput = Static<typeof UploadFileQuery>;

// ---------------------------------------------------------------- operator: key pools

export const LoadKeysBody = Type.Object(
  {
    type: KeyType,
    keys: Type.Array(
      Type.Object(
        {
          key: Type.String({ minLength: 5, maxLength: 100, pattern: '^\\s*[0-9A-Za-z][0-9A-Za-z-]*[0-9A-Za-z]\\s*$' }),
          activationsAllowed: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
          seats: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000_000 })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 10_000 },
    ),
  },
  { additionalProperties: false },
);
export type LoadKeysInput = Static<typeof LoadKeysBody>;

export const LoadKeysResult = Type.Object(
  {
    loaded: Type.Integer({ description: 'keys added to the pool' }),
    duplicates: Type.Integer({ description: 'keys already loaded before (skipped)' }),
    shortfallsFilled: Type.Integer({ description: 'License IDs that were waiting for a key and got one now' }),
    available: Type.Integer({ description: 'keys of this product and type left in the pool' }),
  },
  { $id: 'LoadKeysResult' },
);
export type LoadKeysResultView = Static<typeof LoadKeysResult>;

export const KeyShortfall = Type.Object(
  {
    id: Uuid,
    licenseIdNumber: Type.String(),
    organizationName: Type.String(),
    productId: Uuid,
    product: Type.String({ description: 'name and version' }),
    type: KeyType,
    orderId: Type.Union([Uuid, Type.Null()]),
    createdAt: Timestamp,
  },
  { $id: 'KeyShortfall' },
);
export type KeyShortfallView = Static<typeof KeyShortfall>;

// ---------------------------------------------------------------- customer: downloads

export const DownloadableProduct = Type.Object({
  id: Uuid,
  family: Type.String(),
  name: Type.String(),
  version: Type.String(),
  pool: Pool,
  available: Type.Boolean({ description: 'false: nothing to download (see unavailableReason)' }),
  unavailableReason: Type.Union([Type.String(), Type.Null()]),
  files: Type.Array(DownloadFile),
});
export type DownloadableProductView = Static<typeof DownloadableProduct>;

export const DownloadsPage = Type.Object(
  {
    licenseIdNumber: AgreementNumber,
    catalogVisibility: Type.Enum(['purchased', 'all']),
    scope: Type.Enum(['ordered', 'catalog', 'none'], {
      description: 'ordered: the products ordered on this License ID; catalog: the whole catalog; none: nothing',
    }),
    scopeReason: Type.String(),
    languages: Type.Array(Type.String(), { description: 'languages of the files you may download, for the filter' }),
    operatingSystems: Type.Array(OsType),
    items: Type.Array(DownloadableProduct),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'DownloadsPage' },
);
export type DownloadsPageView = Static<typeof DownloadsPage>;

export const DownloadsQuery = Type.Object(
  {
    language: Type.Optional(Language),
    os: Type.Optional(OsType),
    cursor: Type.Optional(Type.String({ maxLength: 400 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);

export const DownloadLink = Type.Object(
  {
    url: Type.String({ description: 'absolute URL; works without a session until expiresAt' }),
    path: Type.String(),
    expiresAt: Timestamp,
    fileName: Type.String(),
    size: Type.Integer(),
    sha256: Type.String(),
  },
  { $id: 'DownloadLink' },
);
export type DownloadLinkView = Static<typeof DownloadLink>;

// ---------------------------------------------------------------- customer: product keys

export const ProductKey = Type.Object({
  id: Uuid,
  type: KeyType,
  maskedKey: Type.String({ description: 'the key with all but its last five characters replaced by X' }),
  activationsAllowed: Type.Union([Type.Integer(), Type.Null()]),
  activationsUsed: Type.Integer(),
  seats: Type.Union([Type.Integer(), Type.Null()]),
  onlineActivationState: Type.Union([Type.Enum(['available', 'redeemed']), Type.Null()]),
  assignedAt: Type.Union([Timestamp, Type.Null()]),
});
export type ProductKeyView = Static<typeof ProductKey>;

export const ProductKeys = Type.Object({
  productId: Uuid,
  family: Type.String(),
  name: Type.String(),
  version: Type.String(),
  needsKey: Type.Boolean(),
  note: Type.Union([Type.String(), Type.Null()], {
    description: 'e.g. "This product does not require a product key."',
  }),
  keys: Type.Array(ProductKey),
  pendingKeyTypes: Type.Array(KeyType, {
    description: 'key types this License ID is owed but the publisher has not assigned yet (pool ran out)',
  }),
});
export type ProductKeysView = Static<typeof ProductKeys>;

export const ProductKeysPage = Type.Object(
  {
    licenseIdNumber: AgreementNumber,
    items: Type.Array(ProductKeys),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: 'ProductKeysPage' },
);

export const RevealedKey = Type.Object(
  { id: Uuid, productId: Uuid, type: KeyType, key: Type.String() },
  { $id: 'RevealedKey' },
);
export type RevealedKeyView = Static<typeof RevealedKey>;
