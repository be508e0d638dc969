import { resolve } from 'node:path';
import { Client } from '@microsoft/microsoft-graph-client';
import { ensureCertificate, startSimulator, type Simulator, type SimulatorOptions } from '../../../simulator';

export const TLS_DIR = process.env.TEST_TLS_DIR ?? resolve(__dirname, '../../../.tmp/tls');
export const PREFER = { Prefer: 'include-unknown-enum-members' };

/** The certificate must be trusted when the process starts (NODE_EXTRA_CA_CERTS), as `npm test` does. */
export function checkTlsTrust(): void {
  const { certPath } = ensureCertificate(TLS_DIR);
  if (process.env.NODE_EXTRA_CA_CERTS !== certPath) {
    throw new Error(`Run with NODE_EXTRA_CA_CERTS=${certPath} TEST_TLS_DIR=${TLS_DIR} (npm test sets both).`);
  }
}

export function start(o: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  return startSimulator({ port: 0, tlsDir: TLS_DIR, scenario: 'demo', ...o });
}

/** The real Graph JS client pointed at the simulator (the token goes only to customHosts over https). */
export function graphClient(sim: Simulator, token: () => string = () => sim.issueToken()): Client {
  return Client.initWithMiddleware({
    authProvider: { getAccessToken: async () => token() },
    baseUrl: sim.url,
    customHosts: new Set(['localhost']),
  });
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** fetch with a bearer token (unless `token: null`) and a parsed JSON body. */
export async function call(
  sim: Simulator,
  path: string,
  o: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
  const token = o.token === undefined ? sim.issueToken() : o.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${sim.url}${path}`, {
    method: o.method ?? 'GET',
    headers,
    body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
