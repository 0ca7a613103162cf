// Real client traffic for the demo: a deterministic mix of catalog reads per route, sent over loopback with
// bounded concurrency, counted by who answered (the gateway's x-ficus-backend header).

/** The i-th request a client would send to a route with this path (ids cycle over the seeded data; a few miss). */
export function sampleUrl(routePath: string, i: number): string {
  const pick = (n: number) => (i % 17 === 16 ? 9000 + i : (i % n) + 1); // now and then an id that does not exist (404)
  switch (routePath) {
    case '/api/products':
      return ['/api/products', `/api/products?limit=10&offset=${(i * 7) % 290}`, `/api/products?categoryId=${(i % 12) + 1}`, `/api/products?q=${SEARCH_TERMS[i % SEARCH_TERMS.length]}`][i % 4];
    case '/api/products/:id':
      return `/api/products/${pick(300)}`;
    case '/api/products/:id/images':
      return `/api/products/${pick(300)}/images`;
    case '/api/categories':
      return '/api/categories';
    case '/api/categories/:id':
      return `/api/categories/${pick(12)}`;
    case '/api/categories/:id/products':
      return `/api/categories/${pick(12)}/products?limit=5&offset=${i % 3}`;
    case '/api/brands':
      return '/api/brands';
    case '/api/brands/:id':
      return `/api/brands/${pick(20)}`;
    case '/api/search':
      return `/api/search?q=${SEARCH_TERMS[i % SEARCH_TERMS.length]}`;
    default:
      return routePath.replace(/:\w+/g, String((i % 10) + 1));
  }
}

const SEARCH_TERMS = ['smart', 'oven', 'lamp', 'pro', 'mini', 'steel', 'ch'];

export interface TrafficResult {
  sent: number;
  byStatus: Record<string, number>;
  byBackend: Record<string, number>;
  /** Requests that failed at the transport (no HTTP answer). */
  failed: number;
}

export interface SentRequest {
  path: string;
  headers?: Record<string, string>;
}

/** Sends every request (at most `concurrency` at once) and counts the answers. */
export async function sendTraffic(base: string, requests: SentRequest[], concurrency = 8): Promise<TrafficResult & { answers: { status: number; backend: string }[] }> {
  const result: TrafficResult = { sent: 0, byStatus: {}, byBackend: {}, failed: 0 };
  const answers: { status: number; backend: string }[] = new Array(requests.length);
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const i = next++;
      result.sent++;
      try {
        const res = await fetch(base + requests[i].path, { headers: requests[i].headers, signal: AbortSignal.timeout(10_000) });
        await res.arrayBuffer();
        const backend = res.headers.get('x-ficus-backend') ?? 'unknown';
        answers[i] = { status: res.status, backend };
        result.byStatus[res.status] = (result.byStatus[res.status] ?? 0) + 1;
        result.byBackend[backend] = (result.byBackend[backend] ?? 0) + 1;
      } catch {
        result.failed++;
        answers[i] = { status: 0, backend: 'none' };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  return { ...result, answers };
}

/** `{200: 30, 404: 2}` → "200×30, 404×2". */
export function formatCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([k, v]) => `${k}×${v}`)
    .join(', ');
}
