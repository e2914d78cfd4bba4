// The process under test, started by bench/run.ts: the real server (startServer: the app of src/app.ts with the
// configuration loadConfig reads from the environment) and, in the same process on the same database handle, the
// two baselines — a bare Fastify JSON route (the ceiling) and one primary-key query (the least a database-backed
// request pays). They live here, not in the product. Prints `ready <baseline port>` when both listen.
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { loadConfig } from '../src/config.js';
import { queryRows } from '../src/db/client.js';
import { startServer } from '../src/main.js';

const running = await startServer(loadConfig(process.env), () => {});
const db = running.db.db;
const [first] = await queryRows<{ id: string }>(db, sql`select id from license_ids order by number limit 1`);
const id = first!.id;

const baseline = Fastify({ logger: false });
baseline.get('/bare', async () => ({ status: 'ok' }));
baseline.get('/pk', async () => {
  const [row] = await queryRows<{ number: string; end_date: string }>(
    db,
    sql`select number, end_date from license_ids where id = ${id}::uuid`,
  );
  return row;
});
// Not one of the two baselines but a diagnostic beside them: the bare route answering 28 kB of JSON, the size of the
// contracts list's page of 50 rows, shows how much of a request's cost is only the size of its answer.
const largeAnswer = JSON.stringify({
  items: Array.from({ length: 50 }, (_, i) => ({ n: i, text: 'x'.repeat(540) })),
});
baseline.get('/bare-large', async (_request, reply) => reply.type('application/json; charset=utf-8').send(largeAnswer));
await baseline.listen({ port: Number(process.env.BENCH_BASELINE_PORT ?? 0), host: '127.0.0.1' });
const address = baseline.server.address();
console.log(`ready ${typeof address === 'object' && address ? address.port : ''}`);

const stop = async () => {
  await baseline.close();
  await running.stop();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
