// A JSON answer produced once and sent many times (the contracts list's cached pages), in the encoding the client
// accepts: gzip for every browser, identity for a client that does not ask for it.
import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * A page of JSON, and its gzip encoding once a client that accepts gzip has asked for it: a cached page is compressed
 * once and then sent as it is — a tenth of the bytes, and no CPU spent compressing it again.
 */
export class JsonPage {
  #gzip: Buffer | undefined;
  constructor(readonly json: string) {}
  gzip(): Buffer {
    return (this.#gzip ??= gzipSync(this.json));
  }
}

/** Whether an `Accept-Encoding` header accepts gzip (RFC 9110 §12.5.3): named, or `*`, with a weight above 0. */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let star: boolean | undefined;
  for (const part of header.split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const accepted = q === undefined || Number(q.slice(2)) > 0;
    if (coding === 'gzip' || coding === 'x-gzip') return accepted;
    if (coding === '*') star = accepted;
  }
  return star ?? false;
}

/** Sends `page` gzipped when the request accepts it, else as it is; either way caches know the answer varies. */
export function sendJsonPage(request: FastifyRequest, reply: FastifyReply, page: JsonPage) {
  reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
  if (acceptsGzip(request.headers['accept-encoding'])) {
    return reply.header('content-encoding', 'gzip').send(page.gzip());
  }
  return reply.send(page.json);
}
