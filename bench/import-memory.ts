// The largest request the server takes — a partner import of about 29 MB (5,000 orders of 32 lines: the route allows
// 5,000 records and 32 MiB) — through the real route and app on an embedded database, in this process, so that it
// runs under this process's heap bound. Prints the answer, the time and the peak heap and RSS:
//
//   node --max-old-space-size=192 --import tsx bench/import-memory.ts
//
// The peak heap includes this script's own copy of the body (app.inject), so it overstates the server's by ~29 MB;
// the RSS includes the embedded database.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { migrateDatabase, openDatabase } from '../src/db/client.js';
import { createTestApp } from '../test/helpers/app.js';
import { createPartner, licenseIdBody, orderBody, organizationBody } from '../test/helpers/partner-records.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vlcenter-import-memory-'));
const db = await openDatabase({ dataDir });
await migrateDatabase(db);
const t = await createTestApp({ db });
const partner = await createPartner(t.db.db);
const headers = { ...partner.headers, 'content-type': 'application/json' };
const org = await t.app.inject({
  method: 'POST',
  url: '/api/v1/partner/organizations',
  headers,
  payload: organizationBody(),
});
const orgId = org.json().id;
const lids = Array.from({ length: 100 }, (_, i) => licenseIdBody(orgId, { number: `V${9000000 + i}` }));
const r1 = await t.app.inject({
  method: 'POST',
  url: '/api/v1/partner/imports',
  headers,
  payload: { kind: 'license-ids', records: lids },
});
console.log('license ids', r1.statusCode, r1.body.slice(0, 100));
const line = orderBody('').lines[0]!;
let n = 0;
const orders = Array.from({ length: 5000 }, (_, o) =>
  orderBody(`V${9000000 + (o % 100)}`, {
    partnerOrderNumber: `PO-${o}`,
    lines: Array.from({ length: 32 }, () => ({ ...line, partNumber: `79P-${n++ % 10000}` })),
  }),
);
const body = JSON.stringify({ kind: 'orders', records: orders });
orders.length = 0;
console.log(
  'body MB',
  (body.length / 1048576).toFixed(1),
  'heap limit MB',
  (v8.getHeapStatistics().heap_size_limit / 1048576).toFixed(0),
);
let peakHeap = 0;
let peakRss = 0;
const timer = setInterval(() => {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}, 20);
const started = Date.now();
const r2 = await t.app.inject({ method: 'POST', url: '/api/v1/partner/imports', headers, payload: body });
clearInterval(timer);
if (r2.statusCode !== 200) throw new Error(`the import answered ${r2.statusCode}: ${r2.body.slice(0, 300)}`);
console.log(
  'orders',
  r2.statusCode,
  r2.body.slice(0, 200),
  `${((Date.now() - started) / 1000).toFixed(1)} s`,
  'peak heapUsed MB',
  (peakHeap / 1048576).toFixed(0),
  'peak rss MB',
  (peakRss / 1048576).toFixed(0),
);
await t.close();
await db.close();
fs.rmSync(dataDir, { recursive: true, force: true });
