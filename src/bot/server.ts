import restify, { type Request, type Response, type Server } from 'restify';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Logger } from '../log';
import { validateInboundActivity } from './inbound';

/** What the HTTP layer needs from the rest of the service. */
export interface ServerDeps {
  adapter: CloudAdapter;
  /** Runs one turn (the teams-ai Application's `run`). */
  onTurn: (context: TurnContext) => Promise<void>;
  logger: Logger;
  /** True in local mode (no BOT_ID): only loopback serviceUrls are accepted. */
  localMode: boolean;
  /** `/status` body. */
  status: () => Promise<unknown>;
  /** `/readyz`: undefined when ready, else the reason. */
  readiness: () => Promise<string | undefined>;
  /** `/metrics` body in Prometheus text format, when metrics are enabled. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** Request body limit in bytes. Default 256 KiB (Teams activities are far smaller). */
  maxBodyBytes?: number;
}

/**
 * The HTTP transport: restify with `/api/messages` (Bot Framework), `/healthz`, `/readyz`, `/status`
 * and `/metrics`. It rejects malformed requests itself (415, 413, 400) before the adapter sees them, so
 * bad input never reaches a handler and always gets a clear status.
 */
export function createServer(deps: ServerDeps): Server {
  const server = restify.createServer({ name: 'defender-dlp-bot', handleUncaughtExceptions: false });
  const maxBodySize = deps.maxBodyBytes ?? 256 * 1024;
  server.pre((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    return next();
  });
  server.use(restify.plugins.queryParser({ mapParams: false }));
  server.post(
    '/api/messages',
    requireJson,
    restify.plugins.bodyParser({ maxBodySize, mapParams: false, rejectUnknown: true }),
    async (req: Request, res: Response) => {
      await handleMessage(deps, req, res);
    },
  );
  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });
  server.get('/readyz', async (_req: Request, res: Response) => {
    const reason = await deps.readiness().catch((err: unknown) => `readiness check failed: ${String(err)}`);
    res.send(reason ? 503 : 200, reason ? { status: 'not ready', reason } : { status: 'ready' });
  });
  server.get('/status', async (_req: Request, res: Response) => {
    res.send(200, await deps.status());
  });
  if (deps.metrics) {
    const metrics = deps.metrics;
    server.get('/metrics', async (_req: Request, res: Response) => {
      const m = await metrics();
      res.setHeader('Content-Type', m.contentType);
      res.sendRaw(200, m.body);
    });
  }
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number }, cb) => {
    deps.logger.warn({ path: req.path(), status: err.statusCode, err: err.message }, 'request rejected');
    return cb();
  });
  return server;
}

function requireJson(req: Request, res: Response, next: restify.Next): void {
  const type = (req.header('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/json')) {
    res.send(415, {
      error: { code: 'UnsupportedMediaType', message: 'POST /api/messages takes application/json' },
    });
    return next(false);
  }
  return next();
}

async function handleMessage(deps: ServerDeps, req: Request, res: Response): Promise<void> {
  const problem = validateInboundActivity(req.body, { localMode: deps.localMode });
  if (problem) {
    deps.logger.warn({ problem }, 'malformed activity rejected');
    res.send(400, { error: { code: 'BadRequest', message: problem } });
    return;
  }
  let turnStarted = false;
  const onTurn = (ctx: TurnContext): Promise<void> => {
    turnStarted = true;
    return deps.onTurn(ctx);
  };
  try {
    await deps.adapter.process(
      req,
      authFailuresAre401(res, () => turnStarted, deps),
      onTurn,
    );
  } catch (err) {
    // The adapter throws (instead of answering) on activities its own schema refuses.
    deps.logger.warn({ err: (err as Error).message }, 'adapter refused the activity');
    if (!res.headersSent) res.send(400, { error: { code: 'BadRequest', message: 'Malformed activity.' } });
  }
}

/**
 * With BOT_ID set, the adapter verifies the caller's token before any turn logic runs. When that fails
 * for a reason other than a bad signature (the signing keys could not be fetched, a malformed token) it
 * answers 500; for the caller it is the same outcome: the request is not authenticated. Rewrites a 500
 * that happened before the turn started into 401, so a forged or unverifiable token always gets 401.
 */
function authFailuresAre401(res: Response, turnStarted: () => boolean, deps: ServerDeps): Response {
  if (deps.localMode) return res;
  const status = res.status.bind(res);
  const send = res.send.bind(res);
  let rewritten = false;
  res.status = ((code: number) => {
    rewritten = code === 500 && !turnStarted();
    if (rewritten) deps.logger.warn('inbound request not authenticated (token could not be verified)');
    return status(rewritten ? 401 : code);
  }) as Response['status'];
  res.send = ((...args: Parameters<Response['send']>) =>
    rewritten
      ? send({ error: { code: 'Unauthorized', message: 'The Bot Framework token could not be verified.' } })
      : send(...args)) as Response['send'];
  return res;
}
