/**
 * A pass-through HTTP proxy between the bot and the fake Bot Connector (both on 127.0.0.1). Put its `url`
 * in the activities the bot receives; everything the bot sends Teams then passes through here, which
 * lets a test act at the exact moment Teams has accepted a root card but the bot has not heard back yet:
 * the window the architecture names as the one place a crash can post a card twice.
 *
 * A request is always forwarded in full, even when the bot dies while waiting: Teams, too, finishes what
 * it received.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One root card send (`POST /v3/conversations/{channel}/activities[/{id}]`) the bot made. */
export interface RootSend {
  conversationId: string;
  /** When the proxy received it from the bot (ms). */
  receivedAt: number;
  /** When the connector accepted it (ms), and the card's id; undefined while in flight or refused. */
  acceptedAt?: number;
  activityId?: string;
  /** When the connector's answer was fully written back to the bot (ms); undefined if never. */
  deliveredAt?: number;
  /** The connector refused it (an error status). */
  refused?: boolean;
}

export interface ConnectorProxy {
  /** `http://127.0.0.1:<port>/`, to use as the activities' `serviceUrl`. */
  readonly url: string;
  /**
   * Runs `hook` once, for the next root card the connector accepts, before its answer goes back to the
   * bot (a hook that kills the bot makes the answer undeliverable). Replaces an armed hook.
   */
  onNextRootAccepted(hook: (send: RootSend) => Promise<void>): void;
  /**
   * Lets the next root card reach the connector, then breaks the bot's connection instead of answering:
   * Teams posted the card, the bot sees a network error (the lost answer).
   */
  dropNextRootAnswer(): void;
  /** Withdraws the armed hook; true if one was armed. */
  disarm(): boolean;
  /** Every root send so far, oldest first. */
  rootSends(): readonly RootSend[];
  /**
   * Root sends whose outcome the bot may not have recorded at `at`: in flight, accepted but undelivered,
   * or delivered less than `graceMs` before `at` (the bot writes the card's id right after the answer).
   * Only sends received since `from` count (the dying process's own: an earlier life's undelivered send
   * stays undelivered forever).
   */
  unsettledAt(at: number, graceMs: number, from?: number): RootSend[];
  close(): Promise<void>;
}

/**
 * A new top-level message: POST to a channel's activities, with or without an id after it (botbuilder's
 * proactive sends reply to a made-up activity id; in Teams only `;messageid=` in the conversation id
 * threads a message).
 */
const ROOT_SEND = /^\/v3\/conversations\/([^/]+)\/activities(?:\/[^/]+)?\/?$/;

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((done, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => done(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The channel a root send goes to, or undefined for any other request (replies, updates, reads). */
function rootSendTarget(method: string | undefined, path: string): string | undefined {
  if (method !== 'POST') return undefined;
  const m = ROOT_SEND.exec(path.split('?')[0]!);
  if (!m) return undefined;
  const conversationId = decodeURIComponent(m[1]!);
  return conversationId.includes(';messageid=') ? undefined : conversationId;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function forward(target: string, req: http.IncomingMessage, body: Buffer): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'authorization', 'accept']) {
    const v = req.headers[name];
    if (typeof v === 'string') headers[name] = v;
  }
  const res = await fetch(new URL(req.url ?? '/', target), {
    method: req.method,
    headers,
    body: req.method === 'GET' || req.method === 'DELETE' ? undefined : new Uint8Array(body),
  });
  const out: Record<string, string> = {};
  for (const name of ['content-type', 'retry-after']) {
    const v = res.headers.get(name);
    if (v) out[name] = v;
  }
  return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
}

function acceptedId(answer: Answer): string | undefined {
  if (answer.status < 200 || answer.status >= 300) return undefined;
  const id = (JSON.parse(answer.body.toString('utf8') || '{}') as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** Starts the proxy in front of `target` (the fake connector's url). Close it in `afterAll`. */
export async function startConnectorProxy(target: string): Promise<ConnectorProxy> {
  const sends: RootSend[] = [];
  let hook: ((send: RootSend) => Promise<void>) | undefined;
  let dropNext = false;
  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const channel = rootSendTarget(req.method, req.url ?? '/');
    const send: RootSend | undefined = channel
      ? { conversationId: channel, receivedAt: Date.now() }
      : undefined;
    if (send) sends.push(send);
    const answer = await forward(target, req, body);
    if (send) {
      send.activityId = acceptedId(answer);
      if (send.activityId) send.acceptedAt = Date.now();
      else send.refused = true;
    }
    if (send?.activityId && hook) {
      const run = hook;
      hook = undefined;
      await run(send);
    }
    if (send?.activityId && dropNext) {
      dropNext = false;
      req.socket.destroy();
      return;
    }
    if (res.destroyed || req.socket.destroyed) return;
    res.on('finish', () => send && (send.deliveredAt = Date.now()));
    res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
    res.end(answer.body);
  };
  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // The proxy itself failed (the connector is closed at teardown): answer like an unreachable Teams.
      if (!res.headersSent && !res.destroyed) res.writeHead(502).end(String(err));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    onNextRootAccepted: (h) => void (hook = h),
    dropNextRootAnswer: () => void (dropNext = true),
    disarm: () => {
      const armed = hook !== undefined;
      hook = undefined;
      return armed;
    },
    rootSends: () => sends,
    unsettledAt: (at, graceMs, from = 0) =>
      sends.filter(
        (s) =>
          s.receivedAt >= from &&
          s.receivedAt <= at &&
          !s.refused &&
          (s.deliveredAt === undefined || s.deliveredAt > at || at - s.deliveredAt < graceMs),
      ),
    close: () =>
      new Promise<void>((done, reject) => {
        server.close((err) => (err ? reject(err) : done()));
        server.closeAllConnections();
      }),
  };
}
