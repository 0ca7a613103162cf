// A recorded exchange kept for replay: the request and the monolith's answer, redacted as every
// stored example is. `ficus replay export` writes them as JSON Lines, a header line first:
//   {"format":"ficus-replay","version":1,"route":"catalog-products","rules":{...}}
//   {"method":"GET","url":"/api/products/7","requestHeaders":{...},"requestBody":"",...}
import { z } from 'zod';

export const REPLAY_FORMAT = 'ficus-replay';
export const REPLAY_VERSION = 1;

const headersSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const bodySchema = z.object({ text: z.string(), encoding: z.enum(['utf8', 'base64']) });

export const replayCaseSchema = z.object({
  method: z.string().min(1),
  url: z.string().startsWith('/'),
  requestHeaders: headersSchema,
  requestBody: bodySchema,
  status: z.number().int().min(100).max(599),
  responseHeaders: headersSchema,
  responseBody: bodySchema,
  recordedAt: z.number(),
});
export type ReplayCase = z.infer<typeof replayCaseSchema>;
export type ReplayBody = z.infer<typeof bodySchema>;

/** The route's comparison rules as they were when the cases were exported, and what its shadow history learned is noise. */
export const replayRulesSchema = z.object({
  ignore: z.array(z.string()),
  redact: z.array(z.string()),
  headers: z.array(z.string()),
  tolerance: z.number().min(0),
  noise: z.array(z.object({ path: z.string(), kind: z.string() })),
});
export type ReplayRules = z.infer<typeof replayRulesSchema>;

export const replayHeaderSchema = z.object({
  format: z.literal(REPLAY_FORMAT),
  version: z.number().int().min(1),
  route: z.string(),
  exportedAt: z.string(),
  rules: replayRulesSchema,
});
export type ReplayHeader = z.infer<typeof replayHeaderSchema>;

/** A body as bytes. */
export function bodyBytes(body: ReplayBody): Buffer {
  return Buffer.from(body.text, body.encoding);
}
