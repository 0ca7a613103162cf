// Redaction for every body type: a secret sent in JSON, a urlencoded form, a multipart form, a
// query string or a header (and answered back in a JSON body and a header) never reaches the store
// or the diffs API, while the rest of the example does. Real gateway, real SQLite file, real traffic.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../../gateway/store/open-store.js';
import { startGateway } from '../support/start-gateway.js';
import { sendJson, startUpstream } from '../support/upstreams.js';

const TOKEN = 'redaction-test-token-0123456789';
const SECRET = 'hunter2';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function startRig() {
  // Both answer the secret back (in a JSON field and a header) and differ on price, so examples are stored.
  const answer = (price: number, pin: string) => (_req: unknown, res: import('node:http').ServerResponse) =>
    sendJson(res, { price, user: { name: 'bob', secret: SECRET } }, { 'x-pin': pin });
  const monolith = await startUpstream(answer(1, SECRET));
  const service = await startUpstream(answer(2, `${SECRET}-too`));
  const storeUrl = `sqlite:${path.join(mkdtempSync(path.join(tmpdir(), 'ficus-redact-')), 'gw.db')}`;
  const gw = await startGateway({
    monolith: { url: monolith.url },
    services: { svc: { url: service.url } },
    store: { url: storeUrl },
    admin: { token: TOKEN },
    routes: [
      {
        id: 'login',
        match: { path: '/login' },
        service: 'svc',
        mode: 'shadow',
        shadow: { allowWrites: true, noise: 'off', headers: ['x-pin'], redact: ['$.password', '$..secret', '$.pin', 'headers.x-pin'] },
      },
    ],
  });
  open.push(monolith, service, gw);
  return { gw, storeUrl, monolith, service };
}

/** Waits for the route's examples, then returns everything the store holds and the API shows, as text. */
async function storedAndShown(rig: Awaited<ReturnType<typeof startRig>>): Promise<{ store: string; api: string }> {
  const end = Date.now() + 10_000;
  let api = '';
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${rig.gw.adminPort}/api/routes/login/diffs`, { headers: { authorization: `Bearer ${TOKEN}` } });
    api = await res.text();
    const d = JSON.parse(api) as { fields: { path: string; examples: unknown[] }[] };
    if (d.fields.some((f) => f.path === 'headers.x-pin' && f.examples.length > 0) && d.fields.some((f) => f.path === '$.price' && f.examples.length > 0)) break;
    if (Date.now() > end) throw new Error(`no examples in time: ${api}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const store = await openStore(rig.storeUrl);
  try {
    const tables = (await store.knex('sqlite_master').where({ type: 'table' }).pluck('name')) as string[];
    const rows = await Promise.all(tables.map((t) => store.knex(t).select('*')));
    return { store: JSON.stringify(rows), api };
  } finally {
    await store.close();
  }
}

async function expectRedacted(send: (base: string) => Promise<Response>): Promise<{ store: string; api: string }> {
  const rig = await startRig();
  const res = await send(`http://127.0.0.1:${rig.gw.port}`);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  const seen = await storedAndShown(rig);
  // The secret reached both upstreams (the copy is faithful)…
  expect(JSON.stringify(rig.service.seen)).toContain(SECRET);
  // …and nowhere in what ficus keeps or shows, while the rest of the request does.
  for (const text of [seen.store, seen.api]) {
    expect(text).not.toContain(SECRET);
    expect(text).toContain('bob');
    expect(text).toContain('[redacted]');
  }
  return seen;
}

describe('redaction before anything is stored or shown', () => {
  it('JSON request and answer bodies', async () => {
    await expectRedacted((base) =>
      fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: 'bob', password: SECRET }) }),
    );
  });

  it('application/x-www-form-urlencoded', async () => {
    const { api } = await expectRedacted((base) =>
      fetch(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `user=bob&password=${SECRET}` }),
    );
    expect(api).toContain('user=bob&password=%5Bredacted%5D');
  });

  it('multipart form fields (and file parts shown by size only)', async () => {
    const form = new FormData();
    form.set('user', 'bob');
    form.set('password', SECRET);
    form.set('avatar', new Blob([`file bytes ${SECRET}`]), 'me.png');
    const { api } = await expectRedacted((base) => fetch(`${base}/login`, { method: 'POST', body: form }));
    expect(api).toContain('name=\\"password\\"\\r\\n\\r\\n[redacted]');
    expect(api).toMatch(/<file, \d+ bytes>/);
  });

  it('query strings', async () => {
    const { api } = await expectRedacted((base) => fetch(`${base}/login?user=bob&pin=${SECRET}`));
    expect(api).toContain('/login?user=bob&pin=%5Bredacted%5D');
  });

  it('header values named in redact, sent and answered', async () => {
    await expectRedacted((base) => fetch(`${base}/login?user=bob`, { headers: { 'x-pin': SECRET } }));
  });
});
