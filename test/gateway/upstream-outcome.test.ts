// The one outcome vocabulary (common/outcome.ts) for the errors undici and node really throw: above all,
// which failures sent nothing to the upstream, since only those may fall back with a write.
import { errors } from 'undici';
import { describe, expect, it } from 'vitest';
import { classifyUpstreamError } from '../../common/outcome.js';

const socketError = (code: string) => Object.assign(new Error(code), { code });

describe('classifyUpstreamError', () => {
  it('a refused or timed-out connect sent nothing; a reset or a slow answer may have', () => {
    expect(classifyUpstreamError(socketError('ECONNREFUSED'))).toEqual({ outcome: 'upstream_refused', code: 'ECONNREFUSED', connectFailed: true });
    expect(classifyUpstreamError(new errors.ConnectTimeoutError())).toEqual({ outcome: 'upstream_timeout', code: 'UND_ERR_CONNECT_TIMEOUT', connectFailed: true });
    expect(classifyUpstreamError(new errors.HeadersTimeoutError())).toEqual({ outcome: 'upstream_timeout', code: 'UND_ERR_HEADERS_TIMEOUT', connectFailed: false });
    expect(classifyUpstreamError(new errors.SocketError('other side closed'))).toMatchObject({ outcome: 'upstream_reset', connectFailed: false });
    expect(classifyUpstreamError(new TypeError('fetch failed', { cause: socketError('ENOTFOUND') }))).toEqual({ outcome: 'upstream_error', code: 'ENOTFOUND', connectFailed: true });
  });
});
