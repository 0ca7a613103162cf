// `listen.tls`: the certificate and key files, read and checked the way the TLS server will use
// them, so a missing file, something that is not PEM, an encrypted key or a key that does not
// belong to the certificate is a config problem at its path, never a crash at listen() or reload.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ConfigProblem } from '../../common/config-problem.js';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

export type TlsRead = { ok: true; files: TlsFiles } | { ok: false; problems: ConfigProblem[] };

const PEM = /-----BEGIN [A-Z0-9 ]+-----/;

/** Reads `listen.tls`'s files; every problem found, each at `listen.tls.cert` or `listen.tls.key`. */
export function readTlsFiles(tls: { cert: string; key: string }): TlsRead {
  const problems: ConfigProblem[] = [];
  const read = (field: 'cert' | 'key'): Buffer | undefined => {
    try {
      const bytes = readFileSync(tls[field]);
      if (PEM.test(bytes.toString('latin1'))) return bytes;
      problems.push({ path: `listen.tls.${field}`, message: `${tls[field]} is not a PEM file` });
    } catch (err) {
      problems.push({ path: `listen.tls.${field}`, message: `cannot read ${tls[field]}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` });
    }
    return undefined;
  };
  const certBytes = read('cert');
  const keyBytes = read('key');
  let cert: X509Certificate | undefined;
  let key: ReturnType<typeof createPrivateKey> | undefined;
  if (certBytes) {
    try {
      cert = new X509Certificate(certBytes);
    } catch {
      problems.push({ path: 'listen.tls.cert', message: `${tls.cert} holds no PEM certificate` });
    }
  }
  if (keyBytes) {
    try {
      key = createPrivateKey(keyBytes);
    } catch {
      problems.push({ path: 'listen.tls.key', message: `${tls.key} holds no unencrypted PEM private key` });
    }
  }
  if (cert && key && !cert.checkPrivateKey(key)) {
    problems.push({ path: 'listen.tls.key', message: `${tls.key} is not the private key of the certificate in ${tls.cert}` });
  }
  return problems.length > 0 || !certBytes || !keyBytes ? { ok: false, problems } : { ok: true, files: { cert: certBytes, key: keyBytes } };
}
