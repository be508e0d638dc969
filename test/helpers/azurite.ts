/**
 * Starts Azurite's blob service on a free loopback port for one test file and cleans everything up
 * afterwards (the process is killed, its data directory removed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface Azurite {
  /** A shared-key connection string for Azurite's well-known dev account on 127.0.0.1:<port>. */
  connectionString: string;
  port: number;
  /** Kills the process (SIGTERM, then SIGKILL after 5 s) and removes its data directory. */
  stop(): Promise<void>;
}

// Azurite's published development account; not a secret.
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const MAIN = resolve(__dirname, '../../node_modules/azurite/dist/src/blob/main.js');

export async function startAzurite(): Promise<Azurite> {
  const location = await mkdtemp(join(tmpdir(), 'azurite-'));
  const port = await freePort();
  const args = ['--silent', '--location', location, '--blobHost', '127.0.0.1', '--blobPort', String(port)];
  const child = spawn(process.execPath, [MAIN, ...args, '--skipApiVersionCheck', '--loose'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async (): Promise<void> => {
    await kill(child);
    await rm(location, { recursive: true, force: true });
  };
  try {
    await waitUntilAnswering(port, child, () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  const connectionString =
    `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};` +
    `BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;
  return { connectionString, port, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Polls until Azurite answers any HTTP request (it returns 4xx for an unsigned one, which is fine). */
async function waitUntilAnswering(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) throw new Error(`azurite-blob exited with ${child.exitCode}: ${stderr()}`);
    if (await answers(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`azurite-blob did not answer on 127.0.0.1:${port} within 20 s: ${stderr()}`);
}

function answers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: `/${ACCOUNT}?comp=list`, timeout: 1000 }, (res) => {
      res.resume();
      done(true);
    });
    req.on('error', () => done(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
