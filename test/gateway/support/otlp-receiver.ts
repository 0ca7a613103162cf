// An OTLP/HTTP receiver on port 0 for tracing tests: it decodes the JSON export requests it is sent
// and keeps every span, as a collector would receive them.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OtlpAttribute { key: string; value: { stringValue?: string; intValue?: number | string; boolValue?: boolean } }
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number; // 2 SERVER, 3 CLIENT
  attributes: OtlpAttribute[];
  links?: { traceId: string; spanId: string; attributes: OtlpAttribute[] }[];
  status?: { code?: number };
}

export interface Receiver {
  url: string;
  spans: OtlpSpan[];
  services: string[];
  close(): Promise<void>;
}

/** An OTLP/HTTP receiver: every span of every JSON export request posted to /v1/traces. */
export async function startReceiver(): Promise<Receiver> {
  const spans: OtlpSpan[] = [];
  const services: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url !== '/v1/traces' || !String(req.headers['content-type']).startsWith('application/json')) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: { resource: { attributes: OtlpAttribute[] }; scopeSpans: { spans: OtlpSpan[] }[] }[];
      };
      for (const rs of body.resourceSpans) {
        services.push(String(attr(rs.resource.attributes, 'service.name')));
        for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    services,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function attr(list: OtlpAttribute[], key: string): string | number | boolean | undefined {
  const v = list.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  if (v.intValue !== undefined) return Number(v.intValue);
  return v.stringValue ?? v.boolValue;
}
