// Catalog and downloads (SPEC §8, issue 6): operators add products and upload files (SHA-256 on the way, size limit);
// what a License ID may download follows its program's catalog visibility and its status; files come through
// short-lived signed links with HTTP Range; expired or altered links get 403 and no bytes; links and downloads are
// audited; a Product keys reader is refused downloads.
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, downloadFiles, licenseIds, vlProfiles, vlRoleAssignments } from '../../src/db/schema.js';
import {
  addLicenseId,
  addProduct,
  call,
  countQueries,
  createCatalogWorld,
  line,
  order,
  uploadFile,
  vlUser,
  type CatalogWorld,
  type Headers,
  type ProductFixture,
} from '../helpers/catalog-world.js';

type DownloadsPage = {
  scope: string;
  scopeReason: string;
  catalogVisibility: string;
  languages: string[];
  operatingSystems: string[];
  items: {
    id: string;
    name: string;
    available: boolean;
    unavailableReason: string | null;
    files: { id: string; fileName: string; language: string; os: string; size: number; sha256: string }[];
  }[];
  nextCursor: string | null;
};

const UPLOAD_LIMIT = 1024 * 1024;
// Distinct bytes everywhere, so a range is recognizable.
const ISO = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7 + 3) % 251));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let w: CatalogWorld;
let office: ProductFixture; // ordered on the purchased License ID (product existed when the order arrived)
let project: ProductFixture; // ordered before it was in the catalog: matched by family, name and version
let visio: ProductFixture; // never ordered
let officeFileId: string;
let purchased: { id: string; number: string };
let everything: { id: string; number: string };
let manager: { accountId: string; headers: Headers };

const downloads = async (number: string, headers: Headers, query = '') => {
  const response = await call(w, 'GET', `/api/v1/license-ids/${number}/downloads${query}`, headers);
  expect(response.statusCode, response.body).toBe(200);
  return response.json<DownloadsPage>();
};
const names = (page: DownloadsPage) => page.items.map((i) => i.name);

async function linkFor(number: string, fileId: string, headers: Headers) {
  const response = await call(w, 'POST', `/api/v1/license-ids/${number}/downloads/${fileId}/link`, headers);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ url: string; path: string; expiresAt: string; sha256: string; size: number }>();
}

beforeAll(async () => {
  w = await createCatalogWorld({ config: { uploadMaxBytes: UPLOAD_LIMIT } });
  office = await addProduct(w, { name: 'Office LTSC Professional Plus' });
  visio = await addProduct(w, { name: 'Visio LTSC Professional' });
  purchased = await addLicenseId(w, { programId: 'select-plus' });
  everything = await addLicenseId(w, { programId: 'enterprise' });
  await order(w, purchased.number, [line(office), line({ name: 'Project Professional' })]);
  project = await addProduct(w, { name: 'Project Professional' });
  const uploaded = await uploadFile(w, office.id, ISO, { fileName: 'Office LTSC 2024 (x64) — en.iso' });
  expect(uploaded.statusCode, uploaded.body).toBe(201);
  officeFileId = uploaded.json<{ id: string }>().id;
  const dutch = await uploadFile(w, office.id, ISO.subarray(0, 100), {
    fileName: 'office-nl.iso',
    language: 'nl-NL',
    os: 'windows',
    architecture: 'arm64',
  });
  expect(dutch.statusCode, dutch.body).toBe(201);
  expect(
    (await uploadFile(w, visio.id, ISO.subarray(0, 50), { fileName: 'visio.exe', format: 'exe' })).statusCode,
  ).toBe(201);
  manager = await vlUser(w, {
    [purchased.id]: ['product-download-manager'],
    [everything.id]: ['product-download-manager'],
  });
});
afterAll(() => w.close());

describe('operator uploads', () => {
  it('stores the bytes under DATA_DIR/files, with the SHA-256 and size computed on the way', async () => {
    const product = await call(w, 'GET', `/api/v1/operator/products/${office.id}`, w.operator);
    expect(product.statusCode, product.body).toBe(200);
    const file = product
      .json<{ files: { id: string; sha256: string; size: number }[] }>()
      .files.find((f) => f.id === officeFileId)!;
    expect(file).toMatchObject({ sha256: sha(ISO), size: ISO.length });
    const stored = await fs.readdir(path.join(w.dataDir, 'files'));
    expect(stored.filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(stored).toHaveLength(3);
    const entries = await w.t.db.db.select().from(auditLog).where(eq(auditLog.action, 'download_file.added'));
    expect(entries).toHaveLength(3);
  });

  it('takes files larger than the JSON body limit (256 KiB) up to UPLOAD_MAX_BYTES', async () => {
    const big = Buffer.alloc(UPLOAD_LIMIT, 7);
    const response = await uploadFile(w, visio.id, big, { fileName: 'visio-big.iso' });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ size: UPLOAD_LIMIT, sha256: sha(big) });
  });

  it('refuses a file over the size limit (413) and keeps nothing of it', async () => {
    const before = await fs.readdir(path.join(w.dataDir, 'files'));
    const response = await uploadFile(w, office.id, Buffer.alloc(UPLOAD_LIMIT + 1, 1));
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.json().code).toBe('download_file.too_large');
    expect(await fs.readdir(path.join(w.dataDir, 'files'))).toEqual(before);
  });

  it('bad input names the field; an unknown product is a 404; a duplicate product a 409', async () => {
    const bad = await uploadFile(w, office.id, ISO, { language: 'english' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].name).toBe('querystring.language');
    const badOs = await uploadFile(w, office.id, ISO, { os: 'beos' });
    expect(badOs.json().fields[0].name).toBe('querystring.os');
    const badName = await uploadFile(w, office.id, ISO, { fileName: '../../etc/passwd' });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().fields[0].name).toBe('querystring.fileName');
    const empty = await uploadFile(w, office.id, Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect((await uploadFile(w, '00000000-0000-4000-8000-000000000000', ISO)).statusCode).toBe(404);
    const json = await call(
      w,
      'POST',
      `/api/v1/operator/products/${office.id}/files`,
      w.operator,
      { a: 1 },
      {
        query: { fileName: 'a.iso', language: 'en-US', os: 'windows', architecture: 'x64', format: 'iso' },
      },
    );
    expect(json.statusCode).toBe(415);

    const product = (body: Record<string, unknown>) => call(w, 'POST', '/api/v1/operator/products', w.operator, body);
    const base = { family: 'Office', name: 'Access', version: '2024', pool: 'applications', needsKey: true };
    const badPool = await product({ ...base, pool: 'desktops' });
    expect(badPool.statusCode).toBe(400);
    expect(badPool.json().fields[0].name).toBe('body.pool');
    const missing = await product({ family: 'Office', name: 'Access', pool: 'applications', needsKey: true });
    expect(missing.json().fields[0].name).toBe('body.version');
    const badTypes = await product({ ...base, keyTypes: ['retail'] });
    expect(badTypes.json().fields[0].name).toMatch(/^body\.keyTypes/);
    const noKeyWithTypes = await product({ ...base, needsKey: false, keyTypes: ['mak'] });
    expect(noKeyWithTypes.statusCode).toBe(400);
    expect(noKeyWithTypes.json().fields[0].name).toBe('body.keyTypes');
    const duplicate = await product({ ...base, name: office.name });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().code).toBe('product.exists');
    expect((await call(w, 'GET', '/api/v1/operator/products/not-a-uuid', w.operator)).json().fields[0].name).toBe(
      'params.productId',
    );
  });

  it('removes a file: the row, its bytes and its links; audited; an unknown id is a 404', async () => {
    const extra = await uploadFile(w, project.id, Buffer.from('temporary'), { fileName: 'tmp.zip', format: 'zip' });
    const id = extra.json<{ id: string }>().id;
    const [row] = await w.t.db.db.select().from(downloadFiles).where(eq(downloadFiles.id, id));
    const removed = await call(w, 'DELETE', `/api/v1/operator/files/${id}`, w.operator);
    expect(removed.statusCode, removed.body).toBe(204);
    await expect(fs.access(path.join(w.dataDir, 'files', row!.storageKey))).rejects.toThrow();
    expect((await call(w, 'DELETE', `/api/v1/operator/files/${id}`, w.operator)).statusCode).toBe(404);
    expect((await call(w, 'DELETE', '/api/v1/operator/files/nope', w.operator)).json().fields[0].name).toBe(
      'params.fileId',
    );
    const audit = await w.t.db.db.select().from(auditLog).where(eq(auditLog.target, id));
    expect(audit.map((a) => a.action)).toEqual(['download_file.added', 'download_file.removed']);
  });

  it('changes whether a product needs a key and its key types; bad input names the field', async () => {
    const patch = (body: unknown, id = project.id) =>
      w.t.app.inject({
        method: 'PATCH',
        url: `/api/v1/operator/products/${id}`,
        headers: w.operator,
        payload: body as object,
      });
    const changed = await patch({ keyTypes: ['kms-client', 'mak'] });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ needsKey: true, keyTypes: ['mak', 'kms-client'] });
    const none = await patch({ needsKey: false });
    expect(none.json()).toMatchObject({ needsKey: false, keyTypes: [] });
    expect((await patch({ needsKey: true })).json()).toMatchObject({ needsKey: true, keyTypes: ['mak'] });
    const bad = await patch({ needsKey: false, keyTypes: ['mak'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().fields[0].name).toBe('body.keyTypes');
    expect((await patch({ keyTypes: ['retail'] })).json().fields[0].name).toMatch(/^body\.keyTypes/);
    expect((await patch({ name: 'x' })).json().fields[0].name).toBe('body.name');
    expect((await patch({})).statusCode).toBe(400);
    expect((await patch({ needsKey: true }, '00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    const audit = await w.t.db.db.select().from(auditLog).where(eq(auditLog.action, 'product.updated'));
    expect(audit).toHaveLength(3);
  });

  it('lists the catalog in pages', async () => {
    const first = await call(w, 'GET', '/api/v1/operator/products?limit=2', w.operator);
    const page = first.json<{ items: { name: string }[]; nextCursor: string }>();
    expect(page.items.map((i) => i.name)).toEqual(['Office LTSC Professional Plus', 'Project Professional']);
    const second = await call(w, 'GET', `/api/v1/operator/products?limit=2&cursor=${page.nextCursor}`, w.operator);
    expect(second.json<{ items: { name: string }[] }>().items.map((i) => i.name)).toEqual(['Visio LTSC Professional']);
  });
});

describe('visibility', () => {
  it('purchased: only the products ordered on the License ID, by product id or by family, name and version', async () => {
    const page = await downloads(purchased.number, manager.headers);
    expect(page).toMatchObject({ catalogVisibility: 'purchased', scope: 'ordered' });
    expect(names(page)).toEqual(['Office LTSC Professional Plus', 'Project Professional']);
  });

  it('all: the whole catalog while the License ID is active', async () => {
    const page = await downloads(everything.number, manager.headers);
    expect(page).toMatchObject({ catalogVisibility: 'all', scope: 'catalog' });
    expect(names(page)).toEqual(['Office LTSC Professional Plus', 'Project Professional', 'Visio LTSC Professional']);
  });

  it('a product with no files says it is not available for download and why', async () => {
    const page = await downloads(purchased.number, manager.headers);
    const item = page.items.find((i) => i.id === project.id)!;
    expect(item.available).toBe(false);
    expect(item.unavailableReason).toMatch(/not available for download/);
    expect(item.files).toEqual([]);
  });

  it('filters by language and OS, and lists the languages and systems there are', async () => {
    const all = await downloads(purchased.number, manager.headers);
    expect(all.languages).toEqual(['en-US', 'nl-NL']);
    expect(all.operatingSystems).toEqual(['windows']);
    const dutch = await downloads(purchased.number, manager.headers, '?language=nl-NL&os=windows');
    const item = dutch.items.find((i) => i.id === office.id)!;
    expect(item.files.map((f) => f.fileName)).toEqual(['office-nl.iso']);
    const none = await downloads(purchased.number, manager.headers, '?os=linux');
    expect(none.items.find((i) => i.id === office.id)).toMatchObject({ available: false, files: [] });
    expect(none.items.find((i) => i.id === office.id)!.unavailableReason).toMatch(/language and operating system/);
  });

  it('an expired License ID keeps only what was ordered on it, even on an `all` program; a terminated one nothing', async () => {
    const expired = await addLicenseId(w, { programId: 'enterprise', startDate: '2023-01-01', endDate: '2025-12-31' });
    await order(w, expired.number, [line(visio)]);
    const terminated = await addLicenseId(w, { programId: 'enterprise' });
    await order(w, terminated.number, [line(office)]);
    await w.t.db.db.update(licenseIds).set({ status: 'terminated' }).where(eq(licenseIds.id, terminated.id));
    const user = await vlUser(w, {
      [expired.id]: ['product-download-manager'],
      [terminated.id]: ['administrator'],
    });
    const old = await downloads(expired.number, user.headers);
    expect(old.scope).toBe('ordered');
    expect(old.scopeReason).toMatch(/expired/);
    expect(names(old)).toEqual(['Visio LTSC Professional']);
    const gone = await downloads(terminated.number, user.headers);
    expect(gone).toMatchObject({ scope: 'none', items: [] });
    const link = await call(
      w,
      'POST',
      `/api/v1/license-ids/${terminated.number}/downloads/${officeFileId}/link`,
      user.headers,
    );
    expect(link.statusCode).toBe(404);
  });

  it('a file of a product the License ID may not download gets no link (404)', async () => {
    const visioFile = (await downloads(everything.number, manager.headers)).items.find((i) => i.id === visio.id)!
      .files[0]!;
    const response = await call(
      w,
      'POST',
      `/api/v1/license-ids/${purchased.number}/downloads/${visioFile.id}/link`,
      manager.headers,
    );
    expect(response.statusCode).toBe(404);
    expect(response.json().code).toBe('download_file.not_found');
  });

  it('the number of queries does not grow with the page (no N+1)', async () => {
    const one = await countQueries(w, () => downloads(everything.number, manager.headers, '?limit=1'));
    const three = await countQueries(w, () => downloads(everything.number, manager.headers, '?limit=3'));
    expect(one).toBeGreaterThan(2);
    expect(three).toBe(one);
    const operatorOne = await countQueries(w, () => call(w, 'GET', '/api/v1/operator/products?limit=1', w.operator));
    const operatorThree = await countQueries(w, () => call(w, 'GET', '/api/v1/operator/products?limit=3', w.operator));
    expect(operatorThree).toBe(operatorOne);
  });

  it('pages through the products', async () => {
    const first = await downloads(everything.number, manager.headers, '?limit=2');
    expect(first.items).toHaveLength(2);
    const second = await downloads(everything.number, manager.headers, `?limit=2&cursor=${first.nextCursor}`);
    expect(names(second)).toEqual(['Visio LTSC Professional']);
    expect(second.nextCursor).toBeNull();
  });

  it('bad input names the field', async () => {
    const bad = async (url: string, field: string, method: 'GET' | 'POST' = 'GET') => {
      const response = await call(w, method, url, manager.headers);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().fields[0].name, url).toBe(field);
    };
    await bad(`/api/v1/license-ids/${purchased.number}/downloads?os=beos`, 'querystring.os');
    await bad(`/api/v1/license-ids/${purchased.number}/downloads?language=x`, 'querystring.language');
    await bad(`/api/v1/license-ids/${purchased.number}/downloads?limit=0`, 'querystring.limit');
    await bad(`/api/v1/license-ids/${purchased.number}/downloads?cursor=zzz`, 'querystring.cursor');
    await bad(`/api/v1/license-ids/${purchased.number}/downloads?colour=red`, 'querystring.colour');
    await bad(`/api/v1/license-ids/${purchased.number}/downloads/not-a-uuid/link`, 'params.fileId', 'POST');
    // Longer than any link the server makes (and than its path parameters may be): refused before any work.
    const long = await w.t.app.inject({ method: 'GET', url: `/api/v1/downloads/${'a'.repeat(300)}` });
    expect(long.statusCode).toBe(414);
    const list = await call(w, 'GET', '/api/v1/operator/products?limit=0', w.operator);
    expect(list.json().fields[0].name).toBe('querystring.limit');
  });
});

describe('signed links and ranges', () => {
  it('downloads the whole file with its length, name and SHA-256', async () => {
    const link = await linkFor(purchased.number, officeFileId, manager.headers);
    expect(link.url).toBe(`${w.t.config.baseUrls.public}${link.path}`);
    expect(new Date(link.expiresAt).getTime() - w.t.clock.now().getTime()).toBe(5 * 60 * 1000);
    const response = await w.t.app.inject({ method: 'GET', url: link.path });
    expect(response.statusCode).toBe(200);
    expect(response.rawPayload.equals(ISO)).toBe(true);
    expect(sha(response.rawPayload)).toBe(link.sha256);
    expect(response.headers['content-length']).toBe(String(ISO.length));
    expect(response.headers['accept-ranges']).toBe('bytes');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="Office LTSC 2024 (x64) _ en.iso"; filename*=UTF-8''Office%20LTSC%202024%20%28x64%29%20%E2%80%94%20en.iso`,
    );
  });

  it('answers byte ranges: first bytes, open-ended, suffix; 416 past the end', async () => {
    const link = await linkFor(purchased.number, officeFileId, manager.headers);
    const get = (range: string) => w.t.app.inject({ method: 'GET', url: link.path, headers: { range } });

    const head = await get('bytes=0-9');
    expect(head.statusCode).toBe(206);
    expect(head.headers['content-range']).toBe(`bytes 0-9/${ISO.length}`);
    expect(head.headers['content-length']).toBe('10');
    expect(head.rawPayload.equals(ISO.subarray(0, 10))).toBe(true);

    const open = await get('bytes=990-');
    expect(open.statusCode).toBe(206);
    expect(open.headers['content-range']).toBe(`bytes 990-999/${ISO.length}`);
    expect(open.rawPayload.equals(ISO.subarray(990))).toBe(true);

    const suffix = await get('bytes=-5');
    expect(suffix.statusCode).toBe(206);
    expect(suffix.headers['content-range']).toBe(`bytes 995-999/${ISO.length}`);
    expect(suffix.rawPayload.equals(ISO.subarray(995))).toBe(true);

    const beyond = await get('bytes=500-5000');
    expect(beyond.headers['content-range']).toBe(`bytes 500-999/${ISO.length}`);

    const unsatisfiable = await get(`bytes=${ISO.length}-`);
    expect(unsatisfiable.statusCode).toBe(416);
    expect(unsatisfiable.headers['content-range']).toBe(`bytes */${ISO.length}`);
    expect(unsatisfiable.json().code).toBe('download.range_not_satisfiable');

    const headOnly = await w.t.app.inject({ method: 'HEAD', url: link.path });
    expect(headOnly.statusCode).toBe(200);
    expect(headOnly.headers['content-length']).toBe(String(ISO.length));
    expect(headOnly.rawPayload.length).toBe(0);

    const several = await get('bytes=0-1,5-6');
    expect(several.statusCode).toBe(200);
    expect(several.rawPayload.length).toBe(ISO.length);
  });

  it('an expired link is refused with 403 and sends nothing of the file', async () => {
    const link = await linkFor(purchased.number, officeFileId, manager.headers);
    w.t.clock.advance(5 * 60 * 1000 + 1);
    try {
      const response = await w.t.app.inject({ method: 'GET', url: link.path });
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(response.json().code).toBe('download.link_expired');
      expect(response.rawPayload.includes(ISO.subarray(0, 16))).toBe(false);
    } finally {
      w.t.clock.advance(-(5 * 60 * 1000 + 1));
    }
  });

  it('a tampered link (payload, signature, or another key) is refused with 403', async () => {
    const link = await linkFor(purchased.number, officeFileId, manager.headers);
    const token = link.path.split('/').pop()!;
    const [payload, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as unknown[];
    claims[3] = (claims[3] as number) + 3600; // a longer life
    const forged = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const flipped = signature.slice(0, -2) + (signature.endsWith('AA') ? 'AB' : 'AA');
    for (const bad of [`${forged}.${signature}`, `${payload}.${flipped}`, payload, `${payload}.`, 'x'.repeat(60)]) {
      const response = await w.t.app.inject({ method: 'GET', url: `/api/v1/downloads/${bad}` });
      expect(response.statusCode, bad).toBe(403);
      expect(response.json().code).toBe('download.link_invalid');
      expect(response.rawPayload.includes(ISO.subarray(0, 16))).toBe(false);
    }
  });

  it('a link stops working when its holder loses the role', async () => {
    const user = await vlUser(w, { [purchased.id]: ['product-download-manager'] });
    const link = await linkFor(purchased.number, officeFileId, user.headers);
    await w.t.db.db
      .delete(vlRoleAssignments)
      .where(
        inArray(
          vlRoleAssignments.vlProfileId,
          w.t.db.db.select({ id: vlProfiles.id }).from(vlProfiles).where(eq(vlProfiles.accountId, user.accountId)),
        ),
      );
    const response = await w.t.app.inject({ method: 'GET', url: link.path });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('download.not_allowed');
  });

  it('a file whose bytes went missing from storage answers 410, and no download is audited', async () => {
    const big = await call(w, 'GET', `/api/v1/operator/products/${visio.id}`, w.operator);
    const file = big
      .json<{ files: { id: string; fileName: string }[] }>()
      .files.find((f) => f.fileName === 'visio-big.iso')!;
    const [row] = await w.t.db.db.select().from(downloadFiles).where(eq(downloadFiles.id, file.id));
    await fs.rm(path.join(w.dataDir, 'files', row!.storageKey));
    const link = await linkFor(everything.number, file.id, manager.headers);
    const response = await w.t.app.inject({ method: 'GET', url: link.path });
    expect(response.statusCode).toBe(410);
    expect(response.json().code).toBe('download_file.missing');
    const served = await w.t.db.db.select().from(auditLog).where(eq(auditLog.target, file.id));
    expect(served.map((e) => e.action)).toEqual(['download_file.added', 'download.link_issued']);
  });

  it('every link issued and every download is audited', async () => {
    const user = await vlUser(w, { [purchased.id]: ['product-download-manager'] });
    const link = await linkFor(purchased.number, officeFileId, user.headers);
    await w.t.app.inject({ method: 'GET', url: link.path });
    await w.t.app.inject({ method: 'GET', url: link.path, headers: { range: 'bytes=0-9' } });
    const entries = await w.t.db.db.select().from(auditLog).where(eq(auditLog.actorAccountId, user.accountId));
    expect(entries.map((e) => e.action)).toEqual(['download.link_issued', 'download.served', 'download.served']);
    expect(entries.every((e) => e.licenseIdNumber === purchased.number && e.target === officeFileId)).toBe(true);
    expect(entries.map((e) => e.details.range ?? null)).toEqual([null, null, `bytes 0-9/${ISO.length}`]);
  });
});

describe('over a real socket', () => {
  it('uploads a streamed body and downloads it back whole and by range', async () => {
    const address = await w.t.app.listen({ port: 0, host: '127.0.0.1' });
    const bytes = Buffer.from(Array.from({ length: 600_000 }, (_, i) => (i * 13) % 256));
    const upload = await fetch(
      `${address}/api/v1/operator/products/${office.id}/files?fileName=office-de.iso&language=de-DE&os=windows&architecture=x64&format=iso`,
      {
        method: 'POST',
        headers: { ...w.operator, 'content-type': 'application/octet-stream' },
        body: bytes,
      },
    );
    expect(upload.status, await upload.clone().text()).toBe(201);
    const file = (await upload.json()) as { id: string; sha256: string; size: number };
    expect(file).toMatchObject({ size: bytes.length, sha256: sha(bytes) });
    const link = await linkFor(purchased.number, file.id, manager.headers);
    const whole = await fetch(link.url.replace(w.t.config.baseUrls.public, address));
    expect(whole.status).toBe(200);
    expect(sha(Buffer.from(await whole.arrayBuffer()))).toBe(file.sha256);
    const part = await fetch(`${address}${link.path}`, { headers: { range: 'bytes=100000-100099' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100_000, 100_100))).toBe(true);
  });
});

describe('roles', () => {
  it('a Product keys reader is refused downloads as if the License ID did not exist', async () => {
    const reader = await vlUser(w, { [purchased.id]: ['product-keys-reader'] });
    const list = await call(w, 'GET', `/api/v1/license-ids/${purchased.number}/downloads`, reader.headers);
    expect(list.statusCode).toBe(404);
    expect(list.json().code).toBe('license_id.not_found');
    const link = await call(
      w,
      'POST',
      `/api/v1/license-ids/${purchased.number}/downloads/${officeFileId}/link`,
      reader.headers,
    );
    expect(link.statusCode).toBe(404);
  });

  it('the catalog is the operators’: a VL user gets 404', async () => {
    expect((await call(w, 'GET', '/api/v1/operator/products', manager.headers)).statusCode).toBe(404);
  });
});
