import type { ServerResponse } from 'node:http';

const JSON_TYPE =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';
const DIAGNOSTIC = JSON.stringify({
  ServerInfo: {
    DataCenter: 'Local',
    Slice: 'E',
    Ring: '5',
    ScaleUnit: '000',
    RoleInstance: 'GRAPH-SIMULATOR',
  },
});

export interface SendOptions {
  requestId: string;
  clientRequestId: string;
  headers?: Record<string, string>;
  /** Send the headers and half the body, then destroy the socket. */
  drop?: boolean;
}

/** Writes a JSON answer with Graph's headers. `body` undefined means no content. */
export function sendJson(res: ServerResponse, status: number, body: unknown, o: SendOptions): void {
  if (res.headersSent || res.destroyed) return;
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
  const isError = status >= 400;
  res.statusCode = status;
  res.setHeader('request-id', o.requestId);
  res.setHeader('client-request-id', o.clientRequestId);
  res.setHeader('x-ms-ags-diagnostic', DIAGNOSTIC);
  res.setHeader('Strict-Transport-Security', 'max-age=31536000');
  res.setHeader('Cache-Control', 'no-cache');
  if (!isError) res.setHeader('OData-Version', '4.0');
  for (const [k, v] of Object.entries(o.headers ?? {})) res.setHeader(k, v);
  if (!payload) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', isError ? 'application/json' : JSON_TYPE);
  res.setHeader('Content-Length', String(payload.length));
  if (o.drop) {
    res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
    return;
  }
  res.end(payload);
}
