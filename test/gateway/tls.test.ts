// listen.tls: HTTP/1.1 over TLS with a self-signed certificate made here (openssl), the certificate
// swapped when its files change, bad files a config problem at their path, and a bad renewal
// logged and counted while the last good pair keeps serving.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { validateConfig } from '../../gateway/config/validate-config.js';
import { request } from './support/http-client.js';
import { startGateway } from './support/start-gateway.js';
import { startEcho } from './support/upstreams.js';
import { waitFor } from './support/wait-for.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasOpenssl) console.warn('[ficus tests] TLS tests skipped: no openssl on PATH to make a certificate');

const dir = mkdtempSync(path.join(tmpdir(), 'ficus-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A fresh self-signed EC certificate for localhost/127.0.0.1 as `<name>.cert.pem` and `<name>.key.pem`. */
function makeCertificate(name: string): { cert: string; key: string } {
  const cert = path.join(dir, `${name}.cert.pem`);
  const key = path.join(dir, `${name}.key.pem`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key };
}

const fingerprint = (file: string): string => new X509Certificate(readFileSync(file)).fingerprint256;

/** GET over TLS trusting `ca`; the answer and the fingerprint of the certificate the server showed. */
function getTls(port: number, urlPath: string, ca: Buffer[]): Promise<{ status: number; body: string; served: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: '127.0.0.1', port, path: urlPath, ca, agent: false }, (res) => {
      const served = (res.socket as TLSSocket).getPeerX509Certificate()!.fingerprint256;
      let body = '';
      res.on('data', (c: Buffer) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, served }));
    });
    req.on('error', reject);
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

describe.skipIf(!hasOpenssl)('TLS termination (listen.tls)', () => {
  it('serves HTTP/1.1 over TLS, tells the upstream it was https, and swaps the certificate when its files change', async () => {
    const first = makeCertificate('first');
    const live = { cert: path.join(dir, 'live.cert.pem'), key: path.join(dir, 'live.key.pem') };
    writeFileSync(live.cert, readFileSync(first.cert));
    writeFileSync(live.key, readFileSync(first.key));
    const monolith = await startEcho('monolith');
    const gw = await startGateway({ monolith: { url: monolith.url }, listen: { tls: live } });
    cleanups.push(() => gw.close(), () => monolith.close());
    const second = makeCertificate('second');
    const trusted = [readFileSync(first.cert), readFileSync(second.cert)];

    const reply = await getTls(gw.port, '/api/x', trusted);
    expect(reply.status).toBe(200);
    expect(reply.served).toBe(fingerprint(first.cert));
    expect(JSON.parse(reply.body).headers['x-forwarded-proto']).toBe('https');

    // A renewal: both files replaced; new connections get the new certificate.
    writeFileSync(live.key, readFileSync(second.key));
    writeFileSync(live.cert, readFileSync(second.cert));
    let served = '';
    await waitFor(async () => (served = (await getTls(gw.port, '/api/x', trusted)).served) === fingerprint(second.cert), 10_000, 50);
    expect(served).toBe(fingerprint(second.cert));
    const metrics = (await request(gw.adminPort, '/metrics')).body;
    expect(metrics).toMatch(/ficus_tls_reloads_total\{result="ok"\} [1-9]/);

    // A bad renewal: logged and counted, the last good pair keeps serving.
    writeFileSync(live.cert, 'not a certificate');
    await waitFor(() => gw.logs.some((l) => String(l.msg).startsWith('TLS files changed but do not read')), 10_000);
    expect(/ficus_tls_reloads_total\{result="invalid"\} [1-9]/.test((await request(gw.adminPort, '/metrics')).body)).toBe(true);
    const after = await getTls(gw.port, '/api/x', trusted);
    expect(after.status).toBe(200);
    expect(after.served).toBe(fingerprint(second.cert));
  });

  it('files that are missing, not PEM, or not a pair are config problems at their paths', () => {
    const good = makeCertificate('good');
    const other = makeCertificate('other');
    const notPem = path.join(dir, 'not.pem');
    writeFileSync(notPem, 'hello');
    const check = (tls: { cert: string; key: string }) => {
      const result = validateConfig({ monolith: { url: 'http://127.0.0.1:1' }, listen: { tls } });
      return result.ok ? [] : result.problems.map((p) => `${p.path}: ${p.message}`);
    };
    expect(check(good)).toEqual([]);
    expect(check({ cert: path.join(dir, 'missing.pem'), key: path.join(dir, 'missing-key.pem') })).toEqual([
      `listen.tls.cert: cannot read ${path.join(dir, 'missing.pem')}: ENOENT`,
      `listen.tls.key: cannot read ${path.join(dir, 'missing-key.pem')}: ENOENT`,
    ]);
    expect(check({ cert: notPem, key: good.key })).toEqual([`listen.tls.cert: ${notPem} is not a PEM file`]);
    expect(check({ cert: good.key, key: good.cert })).toEqual([
      `listen.tls.cert: ${good.key} holds no PEM certificate`,
      `listen.tls.key: ${good.cert} holds no unencrypted PEM private key`,
    ]);
    expect(check({ cert: good.cert, key: other.key })).toEqual([`listen.tls.key: ${other.key} is not the private key of the certificate in ${good.cert}`]);
  });
});
