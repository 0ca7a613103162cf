// ficus compare behind someone else's mirror, end to end: real nginx (Debian's nginx-light, its
// `mirror` directive) answers clients from the shop fixture and mirrors every request to `ficus
// compare` (the CLI, as a user runs it), which asks the shop again and the catalog service (broken
// on purpose: CATALOG_BREAK=price) and compares; `ficus diffs` shows the planted difference.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig as loadCatalogConfig } from '../../services/catalog/config.js';
import { buildService } from '../../services/catalog/service.js';
import { openKnex } from '../../services/kit/index.js';
import { ficusEntry, repoRoot, runCli } from '../support/cli.js';
import { fillCatalogFrom, getJson, startShopOnFile, withoutPerCallFields, type ShopOnFile } from './support/catalog-pair.js';
import { freePort, hasNginx, startNginx, type RunningNginx } from './support/nginx.js';

const TOKEN = 'compare-e2e-token-0123456789';
const title = hasNginx ? 'ficus compare behind nginx mirror' : 'ficus compare behind nginx mirror [skipped: /usr/sbin/nginx not found (apt-get install -y nginx-light)]';

describe.skipIf(!hasNginx)(title, { timeout: 240_000 }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ficus-compare-'));
  let shop: ShopOnFile;
  let catalog: { base: string; close: () => Promise<void> };
  let compare: ChildProcess;
  let compareStderr = '';
  let nginx: RunningNginx;
  let adminUrl: string;

  beforeAll(async () => {
    shop = await startShopOnFile('ficus-compare-shop-');
    const catalogDb = `sqlite:${path.join(dir, 'catalog.db')}`;
    await fillCatalogFrom(shop, catalogDb);
    const service = buildService({ db: openKnex(catalogDb).knex }, loadCatalogConfig({ LOG_LEVEL: 'silent', CATALOG_BREAK: 'price' }));
    const port = await service.listen(0);
    catalog = { base: `http://127.0.0.1:${port}`, close: () => service.close() };

    const [mirrorPort, adminPort, nginxPort] = [await freePort(), await freePort(), await freePort()];
    const configFile = path.join(dir, 'compare.yaml');
    writeFileSync(
      configFile,
      stringify({
        listen: { host: '127.0.0.1', port: mirrorPort },
        admin: { host: '127.0.0.1', port: adminPort, token: TOKEN },
        monolith: { url: shop.shop.url },
        services: { catalog: { url: catalog.base } },
        store: { url: `sqlite:${path.join(dir, 'compare.db')}` },
        routes: [
          { id: 'catalog-products', match: { methods: ['GET'], path: '/api/products/:id' }, service: 'catalog', mode: 'shadow', shadow: { noiseSample: 100 } },
        ],
      }),
    );
    compare = spawn(process.execPath, [ficusEntry, 'compare', '-c', configFile], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
    compare.stderr!.on('data', (d) => (compareStderr += d));
    const deadline = Date.now() + 90_000;
    while (!/mirrored requests on/.test(compareStderr)) {
      if (compare.exitCode !== null || Date.now() > deadline) throw new Error(`ficus compare did not start: ${compareStderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    adminUrl = `http://127.0.0.1:${adminPort}`;

    nginx = await startNginx(
      dir,
      nginxPort,
      `  upstream shop { server ${new URL(shop.shop.url).host}; }
  upstream compare { server 127.0.0.1:${mirrorPort}; }
  server {
    listen 127.0.0.1:${nginxPort};
    location / {
      mirror /_ficus_mirror;
      mirror_request_body on;
      proxy_pass http://shop;
    }
    location = /_ficus_mirror {
      internal;
      proxy_pass http://compare$request_uri;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_connect_timeout 1s;
      proxy_read_timeout 5s;
    }
  }`,
    );
  });
  afterAll(async () => {
    await nginx?.stop();
    if (compare && compare.exitCode === null) {
      compare.kill('SIGTERM');
      await new Promise((r) => compare.once('exit', r));
    }
    await catalog?.close();
    await shop?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('clients get the monolith answer through nginx; ficus diffs shows the planted price difference, noise told apart', async () => {
    const base = `http://127.0.0.1:${nginx.port}`;
    const ids = [1, 2, 3, 5, 8, 13, 21, 34, 55, 89];
    for (const id of ids) {
      const [viaNginx, direct] = await Promise.all([getJson(base, `/api/products/${id}`), getJson(shop.shop.url, `/api/products/${id}`)]);
      expect(viaNginx.status).toBe(200);
      expect(withoutPerCallFields(viaNginx.body)).toEqual(withoutPerCallFields(direct.body)); // the monolith answered, not the broken service
    }
    // A path no route takes is mirrored too, and left alone.
    expect((await getJson(base, '/api/categories')).status).toBe(200);

    let diffs: { compared: number; fields: { path: string; noise: boolean; count: number }[] } = { compared: 0, fields: [] };
    for (const end = Date.now() + 30_000; Date.now() < end && diffs.compared < ids.length; await new Promise((r) => setTimeout(r, 200))) {
      const res = await fetch(`${adminUrl}/api/routes/catalog-products/diffs`, { headers: { authorization: `Bearer ${TOKEN}` } });
      diffs = await res.json();
    }
    expect(diffs.compared).toBe(ids.length);

    const r = await runCli(['diffs', 'catalog-products', '--admin-url', adminUrl, '--token', TOKEN], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    // The broken catalog adds a euro to every third product's price: ids 3 and 21 of these ten.
    expect(r.stdout).toMatch(/catalog-products: 10 compared, 8 matched, 2 mismatched/);
    expect(r.stdout).toMatch(/^\$\.price\s+value\s+2\s+0\s+real/m);
    expect(r.stdout).toMatch(/^\$\.generatedAt\s+value\s+10\s+10\s+noise/m);
    expect(nginx.errorLog()).not.toMatch(/\[(error|crit|alert|emerg)\]/);
  });

  it('never answers the mirror with anything a client could see', async () => {
    const mirror = new URL(`http://${compareStderr.match(/mirrored requests on (\S+),/)![1]}`);
    const res = await fetch(`http://127.0.0.1:${mirror.port}/api/products/1`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
    expect(res.headers.get('content-type')).toBeNull();
  });
});
