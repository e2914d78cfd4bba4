// Streamed CSV downloads. The first chunk is produced before anything is sent, so that a refusal raised while the
// producer checks its scope is still a problem+json answer and not a broken download; after that the rows stream.
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';

export async function sendCsv(reply: FastifyReply, filename: string, chunks: AsyncGenerator<string>) {
  const first = await chunks.next();
  async function* all() {
    if (!first.done) yield first.value;
    yield* chunks;
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(all()));
}
