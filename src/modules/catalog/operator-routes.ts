// The operator console's catalog: products, download file uploads (the raw bytes as the request body, streamed to the
// file store), key pools and the shortfalls left by empty pools. Every change is audited (service.ts, keys.ts).
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../domain/errors.js';
import { ListQuery, Page, Uuid } from '../agreements/schemas.js';
import type { KeysService } from './keys.js';
import {
  CreateProductBody,
  DownloadFile,
  KeyShortfall,
  LoadKeysBody,
  LoadKeysResult,
  Product,
  UpdateProductBody,
  UploadFileQuery,
} from './schemas.js';
import type { CatalogActor, CatalogService } from './service.js';

const ProductPage = Page(Product, 'CatalogProductPage');
const KeyShortfallPage = Page(KeyShortfall, 'KeyShortfallPage');
const ProductParams = Type.Object({ productId: Uuid });
/** Key pools arrive as JSON; 10,000 keys with their options fit. */
const LOAD_KEYS_BODY_LIMIT = 2 * 1024 * 1024;

export function operatorCatalogRoutes(deps: { catalog: CatalogService; keys: KeysService }): FastifyPluginAsyncTypebox {
  const { catalog, keys } = deps;
  const actorOf = (request: { auth: { account: { id: string } } | null; ip: string }): CatalogActor => ({
    kind: 'operator',
    accountId: request.auth!.account.id,
    ip: request.ip,
  });

  return async (app) => {
    const tags = ['operator'];
    // Uploads: the body stays a stream (this plugin only); the service hashes it and enforces UPLOAD_MAX_BYTES.
    app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

    app.get(
      '/api/v1/operator/products',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorListProducts',
          summary: 'The product catalog by family, name and version, with files and key pools',
          querystring: ListQuery,
          response: { 200: ProductPage },
        },
      },
      async (request) => catalog.listProducts(request.query),
    );

    app.post(
      '/api/v1/operator/products',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorCreateProduct',
          summary: 'Add a product to the catalog (its family is created when new)',
          body: CreateProductBody,
          response: { 201: Product },
        },
      },
      async (request, reply) => reply.status(201).send(await catalog.createProduct(actorOf(request), request.body)),
    );

    app.get(
      '/api/v1/operator/products/:productId',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorGetProduct',
          summary: 'One product with its files and key pools',
          params: ProductParams,
          response: { 200: Product },
        },
      },
      async (request) => catalog.getProduct(request.params.productId),
    );

    app.patch(
      '/api/v1/operator/products/:productId',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorUpdateProduct',
          summary: 'Change whether a product needs a key and which key types License IDs get (from the next order on)',
          params: ProductParams,
          body: UpdateProductBody,
          response: { 200: Product },
        },
      },
      async (request) => catalog.updateProduct(actorOf(request), request.params.productId, request.body),
    );

    app.delete(
      '/api/v1/operator/files/:fileId',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorRemoveFile',
          summary: 'Remove a download file and its bytes (links already issued stop working)',
          params: Type.Object({ fileId: Uuid }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await catalog.removeFile(actorOf(request), request.params.fileId);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/v1/operator/products/:productId/files',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorUploadFile',
          summary:
            'Upload a download file: the bytes as an application/octet-stream body, the description in the query string; SHA-256 computed on the way',
          params: ProductParams,
          querystring: UploadFileQuery,
          consumes: ['application/octet-stream'],
          response: { 201: DownloadFile },
        },
      },
      async (request, reply) => {
        const length = request.headers['content-length'];
        const body = request.body as Readable | undefined;
        if (!body || typeof body.pipe !== 'function') {
          throw new AppError(
            415,
            'request.unsupported_media_type',
            'Send the file as an application/octet-stream request body.',
          );
        }
        const file = await catalog.addFile(
          actorOf(request),
          request.params.productId,
          request.query,
          body,
          length === undefined ? undefined : Number(length),
        );
        return reply.status(201).send(file);
      },
    );

    app.post(
      '/api/v1/operator/products/:productId/keys',
      {
        config: { access: 'operator' },
        bodyLimit: LOAD_KEYS_BODY_LIMIT,
        schema: {
          tags,
          operationId: 'operatorLoadKeys',
          summary:
            'Load product keys into the pool of a product and type (sealed at rest); open shortfalls of that type are filled first',
          params: ProductParams,
          body: LoadKeysBody,
          response: { 200: LoadKeysResult },
        },
      },
      async (request) => keys.loadKeys(actorOf(request), request.params.productId, request.body),
    );

    app.get(
      '/api/v1/operator/key-shortfalls',
      {
        config: { access: 'operator' },
        schema: {
          tags,
          operationId: 'operatorListKeyShortfalls',
          summary: 'License IDs waiting for a product key because the pool was empty when their order arrived',
          querystring: ListQuery,
          response: { 200: KeyShortfallPage },
        },
      },
      async (request) => keys.listShortfalls(request.query),
    );
  };
}
