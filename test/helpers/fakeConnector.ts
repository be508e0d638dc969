/**
 * A fake Bot Connector for Teams: an HTTP server on 127.0.0.1 answering the Bot Framework REST API v3
 * the way Teams does, recording every write so tests can assert on what a bot posted, threaded,
 * updated and deleted, and failing on demand (injected faults, per-conversation rate limit).
 *
 * Put `connector.url` in the activities you send the bot (`serviceUrl`); the bot's replies, proactive
 * posts, card updates and roster reads come back here. No Authorization header is required (local mode,
 * bot without app id); one that is sent is recorded with the operation.
 *
 * Threading follows Teams: in a channel the conversation id alone picks the thread
 * (`19:…@thread.tacv2` posts top-level, `…;messageid=<root>` replies in that thread).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SystemClock } from '../../src/clock';
import type {
  ConnectorFault,
  ConnectorMessage,
  ConnectorOp,
  ConnectorRead,
  ConnectorStall,
  FakeConnectorOptions,
  InjectedFault,
  OpFilter,
  ReadFilter,
  RejectedRequest,
} from './teams/connectorTypes';
import { handleCreate } from './teams/create';
import { DEFAULT_MEMBERS, DEFAULT_TEAM } from './teams/defaults';
import { FaultBook } from './teams/faults';
import { MessageStore } from './teams/messageStore';
import { OpLog } from './teams/opLog';
import { SlidingWindowLimiter } from './teams/rateLimiter';
import { filterReads, serveRead } from './teams/reads';
import { parseRoute, type Route } from './teams/routes';
import { StallBook } from './teams/stalls';
import type { ConnectorState, Reply } from './teams/state';
import { handleWrite } from './teams/writes';

export type * from './teams/connectorTypes';

export interface FakeConnector {
  /** The serviceUrl to put in activities, e.g. `http://127.0.0.1:41234/` (with the trailing slash). */
  readonly url: string;
  /** Accepted writes in order, optionally filtered (a thread address in `conversationId` also filters by thread). */
  activities(filter?: OpFilter): ConnectorOp[];
  /** Refused writes (faults, rate limit, bad input) in order. */
  rejected(): RejectedRequest[];
  /** Roster and team reads in order, whatever their answer (e.g. `{ kind: 'member' }`: getMember calls). */
  reads(filter?: ReadFilter): ConnectorRead[];
  /** Top-level messages with an Adaptive Card in a conversation, oldest first, each in its latest version. */
  cardsIn(conversationId: string): ConnectorMessage[];
  /** Messages posted in the thread under `rootId`, oldest first, each in its latest version. */
  threadReplies(conversationId: string, rootId: string): ConnectorMessage[];
  /** Peak accepted writes in any 1-second window, for one conversation or the busiest one. */
  maxOpsPerSecond(conversationId?: string): number;
  /**
   * Resolves with the first write, past or future, for which `predicate(op, all)` holds (`all`: the
   * writes up to `op`), e.g. `(_, all) => all.filter((o) => o.op === 'update').length === 2`.
   * Rejects after `timeoutMs` (default 5000) listing what was recorded.
   */
  waitFor(
    predicate: (op: ConnectorOp, all: readonly ConnectorOp[]) => boolean,
    timeoutMs?: number,
  ): Promise<ConnectorOp>;
  /** Fails matching writes (see `ConnectorFault` for defaults), and reads named in `fault.ops`. */
  inject(fault: ConnectorFault): InjectedFault;
  /** Holds matching requests `delayMs` before answering them as usual (a slow roster, a slow send). */
  stall(stall: ConnectorStall): InjectedFault;
  /** Forgets observations (`activities`, `rejected`, `reads`, `maxOpsPerSecond`); messages, faults and limits stay. */
  clear(): void;
  /** Back to a fresh Teams: observations, messages, faults and rate-limit windows all dropped. */
  reset(): void;
  /** Stops the server, closing open connections; pending `waitFor`s reject. Safe to call twice. */
  close(): Promise<void>;
}

function checkOptions(o: FakeConnectorOptions): void {
  if (o.latencyMs !== undefined && !(Number.isFinite(o.latencyMs) && o.latencyMs >= 0)) {
    throw new TypeError(`latencyMs must be a number >= 0, got ${JSON.stringify(o.latencyMs)}.`);
  }
  if (o.maxMessageBytes !== undefined && !(Number.isInteger(o.maxMessageBytes) && o.maxMessageBytes > 0)) {
    throw new TypeError(
      `maxMessageBytes must be a positive integer, got ${JSON.stringify(o.maxMessageBytes)}.`,
    );
  }
}

function dispatch(state: ConnectorState, req: http.IncomingMessage, body: string): Reply {
  const route = parseRoute(req.method ?? 'GET', req.url ?? '/');
  if (!('kind' in route)) return { status: route.status, json: route.body };
  const authorization = req.headers.authorization;
  switch (route.kind) {
    case 'create':
      return handleCreate(state, body, authorization);
    case 'send':
      return handleWrite(state, {
        kind: 'send',
        rawConversationId: route.conversationId,
        body,
        authorization,
      });
    case 'reply':
    case 'update':
    case 'delete': {
      const { kind, conversationId, activityId } = route;
      return handleWrite(state, { kind, rawConversationId: conversationId, activityId, body, authorization });
    }
    default:
      return serveRead(state, route);
  }
}

/** How long a stall holds this request (0: none). */
function stallFor(state: ConnectorState, route: Route): number {
  const where = 'teamId' in route ? route.teamId : 'conversationId' in route ? route.conversationId : '';
  return state.stalls.take(route.kind, where);
}

function write(res: http.ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  const text = reply.json === undefined ? '' : JSON.stringify(reply.json);
  const headers: Record<string, string | number> = {
    'content-length': Buffer.byteLength(text),
    ...reply.headers,
  };
  if (text) headers['content-type'] = 'application/json; charset=utf-8';
  // Not chained: restify (loaded in the same process by bot tests) patches writeHead to return nothing.
  res.writeHead(reply.status, headers);
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function serve(
  state: ConnectorState,
  latencyMs: number,
  req: http.IncomingMessage,
  res: http.ServerResponse,
) {
  try {
    const body = await readBody(req);
    const route = parseRoute(req.method ?? 'GET', req.url ?? '/');
    const held = latencyMs + ('kind' in route ? stallFor(state, route) : 0);
    if (held > 0) await new Promise((r) => setTimeout(r, held));
    write(res, dispatch(state, req, body));
  } catch (err) {
    // A bug in the fake itself: say so loudly rather than let the bot see a plausible Teams error.
    console.error('fake Bot Connector: unexpected failure', err);
    write(res, { status: 500, json: { error: { code: 'FakeConnectorBug', message: String(err) } } });
  }
}

function createState(o: FakeConnectorOptions): ConnectorState {
  return {
    clock: o.clock ?? new SystemClock(),
    log: new OpLog(),
    store: new MessageStore(o.onMessage),
    faults: new FaultBook(),
    limiter: o.rateLimit ? new SlidingWindowLimiter(o.rateLimit.perSecond) : undefined,
    maxMessageBytes: o.maxMessageBytes ?? 100 * 1024,
    members: o.members ?? DEFAULT_MEMBERS,
    teams: o.teams ?? [DEFAULT_TEAM],
    reads: [],
    stalls: new StallBook(),
  };
}

async function listenOnLoopback(server: http.Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Starts a fake Bot Connector on 127.0.0.1 with a free port. Close it in `afterAll`/`afterEach`. */
export async function startFakeConnector(o: FakeConnectorOptions = {}): Promise<FakeConnector> {
  checkOptions(o);
  const state = createState(o);
  const server = http.createServer((req, res) => void serve(state, o.latencyMs ?? 0, req, res));
  const port = await listenOnLoopback(server);
  let closed: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/`,
    activities: (filter) => state.log.list(filter),
    rejected: () => state.log.rejected(),
    reads: (filter) => filterReads(state.reads, filter),
    cardsIn: (conversationId) => state.store.cardsIn(conversationId),
    threadReplies: (conversationId, rootId) => state.store.threadReplies(conversationId, rootId),
    maxOpsPerSecond: (conversationId) => state.log.maxOpsPerSecond(conversationId),
    waitFor: (predicate, timeoutMs = 5000) => state.log.waitFor(predicate, timeoutMs),
    inject: (fault) => state.faults.inject(fault),
    stall: (stall) => state.stalls.add(stall),
    clear: () => {
      state.log.clear();
      state.reads.length = 0;
    },
    reset: () => {
      state.log.clear();
      state.reads.length = 0;
      state.store.clear();
      state.faults.clear();
      state.stalls.clear();
      state.limiter?.clear();
    },
    close: () => {
      closed ??= new Promise<void>((resolve, reject) => {
        state.log.abandon('The fake Bot Connector was closed before the awaited write happened.');
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
