// One TLS server for the TLS bench: node's https server (HTTP/1.1), or http2.createSecureServer with
// allowHTTP1 (what serving HTTP/2 to clients would need), answering ~1 KB of JSON itself.
// argv: <https | http2> <cert file> <key file>. Prints {"port"}.
import { readFileSync } from 'node:fs';
import http2 from 'node:http2';
import https from 'node:https';

const [kind, certFile, keyFile] = process.argv.slice(2);
const options = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
const body = JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: `item ${i}`, price: i * 1.5 })) });
const answer = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};
const server = kind === 'http2' ? http2.createSecureServer({ ...options, allowHTTP1: true }, answer) : https.createServer(options, answer);
server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`));
process.on('SIGTERM', () => process.exit(0));
