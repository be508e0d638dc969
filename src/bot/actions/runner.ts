import { ActivityTypes, type TurnContext } from 'botbuilder';
import { noticeCard, parseCardAction, type AdaptiveCard, type CardAction } from '../../cards';
import { errorMessage } from '../../errors';
import type { Logger } from '../../log';
import { ACTOR_LOOKUP_BUDGET_MS } from '../actors';
import { authorize, resolveActor } from '../context';
import type { BotServices } from '../services';
import { automaticRefreshBody, isAutomaticRefresh } from './autoRefresh';
import { actionScope, tenantRefusal } from './tenant';
import { auditActor, execute } from './execute';
import type { ActionContext, CardActionHandler } from './types';

export { plainWords } from './execute';

/** Card actions answer within this deadline; longer work finishes after and updates the card. Default 2 s. */
export const ACTION_DEADLINE_MS = 2000;

/** Answers an `adaptiveCard/action` invoke in the HTTP response (Universal Actions). */
export async function sendInvokeResponse(
  turn: TurnContext,
  body: { statusCode: number; type: string; value: unknown },
): Promise<void> {
  await turn.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200, body } });
}

export function errorInvokeBody(statusCode: number, code: string, message: string) {
  return { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } };
}

/**
 * Runs one card action: validates the data (zod) before any handler code, checks the analyst (identity
 * from the activity, never the card), refuses unavailable features, races the handler against the
 * deadline, audits the outcome and always answers the invoke with a card or a clear error.
 */
export async function runCardAction(
  handler: CardActionHandler,
  turn: TurnContext,
  services: BotServices,
  logger: Logger,
  deadlineMs = ACTION_DEADLINE_MS,
): Promise<void> {
  const started = performance.now();
  const action = (turn.activity.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
  const parsed = parseCardAction(String(action.action?.verb ?? ''), action.action?.data);
  if (!parsed.ok) {
    logger.warn({ verb: handler.verb, problem: parsed.error }, 'card action data rejected');
    await sendInvokeResponse(turn, errorInvokeBody(400, 'BadRequest', parsed.error));
    return;
  }
  const data = parsed.action;
  // The card's tenant picks the store and the Graph client: an unknown one changes nothing anywhere.
  const tenant = actionScope(services, data);
  if (!tenant.ok) {
    logger.warn({ verb: handler.verb, tenant: data.tenant?.slice(0, 64) }, 'card action tenant rejected');
    const card = noticeCard({ kind: 'warning', title: 'Unknown tenant', text: tenant.error });
    await sendInvokeResponse(
      turn,
      isAutomaticRefresh(turn.activity, data)
        ? errorInvokeBody(400, 'BadRequest', tenant.error)
        : cardBody(card),
    );
    return;
  }
  const { scope } = tenant;
  if (isAutomaticRefresh(turn.activity, data)) {
    await sendInvokeResponse(turn, await automaticRefreshBody(services, scope, data.alertId, logger));
    return;
  }
  // Who acted may take a slice of the deadline; a slower lookup finishes in the background.
  const actor = await resolveActor(turn, services.actors, Math.min(ACTOR_LOOKUP_BUDGET_MS, deadlineMs / 4));
  const ctx: ActionContext = {
    turn,
    services,
    scope,
    actor,
    logger: logger.child({ verb: data.verb, alertId: data.alertId, tenant: scope.name }),
  };
  // An access check that needs the UPN may wait for the lookup up to half the deadline.
  const refusal = await refuse(handler, ctx, deadlineMs / 2 - (performance.now() - started));
  if (refusal) {
    await services.audit.record({
      actor: auditActor(ctx.actor),
      action: data.verb,
      alertId: data.alertId,
      tenant: scope.name,
      result: 'refused',
      detail: refusal,
    });
    await sendInvokeResponse(
      turn,
      cardBody(noticeCard({ kind: 'warning', title: 'Not allowed', text: refusal })),
    );
    return;
  }
  // The deadline counts from the invoke's arrival: lookups and the access check spend from it too.
  const card = await raceDeadline(
    handler,
    ctx,
    data,
    Math.max(0, deadlineMs - (performance.now() - started)),
  );
  await sendInvokeResponse(turn, cardBody(card));
}

/** Why the action may not run, or undefined; `ctx.actor` is completed when the check waited for the UPN. */
async function refuse(
  handler: CardActionHandler,
  ctx: ActionContext,
  waitMs: number,
): Promise<string | undefined> {
  if (handler.feature) {
    // The tenant's own permissions: one customer's missing consent never hides another's buttons.
    const reason = ctx.scope.alerts.featureReason(handler.feature);
    if (reason) return `This action is unavailable: ${reason}.`;
  }
  if (!handler.analystOnly) return undefined;
  const { actor, decision } = await authorize(ctx.turn, ctx.services, ctx.actor, waitMs);
  ctx.actor = actor;
  if (!decision.allowed) return decision.reason;
  // Reads (Refresh, Sensitive info types) stay open to all as before; changes need the tenant's rights.
  return tenantRefusal(ctx.services, ctx.scope, ctx.actor);
}

async function raceDeadline(
  handler: CardActionHandler,
  ctx: ActionContext,
  data: CardAction,
  deadlineMs: number,
): Promise<AdaptiveCard> {
  const work = execute(handler, ctx, data);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first !== 'late') return first.card;
  ctx.logger.info('card action outlasted the deadline; answering "working on it"');
  // The work goes on; when it ends its result lands on the channel card through the notifier.
  void work.then((outcome) => afterLateWork(ctx, data.alertId, outcome.failure));
  const working = await (handler.working ?? defaultWorking)(ctx, data as never).catch(() => undefined);
  return (
    working ??
    noticeCard({
      kind: 'info',
      title: 'Working on it…',
      text: 'Microsoft Graph is slow to answer; the card will update when it is done.',
    })
  );
}

/**
 * The alert card with a banner, so the analyst keeps its buttons while the work goes on (a bare notice
 * would replace the card until something else changes it). Undefined for an alert that is not tracked.
 */
async function defaultWorking(ctx: ActionContext, data: CardAction): Promise<AdaptiveCard | undefined> {
  const banner = {
    kind: 'info' as const,
    text: 'Working on it: Microsoft Graph is slow to answer; this card updates when it is done.',
  };
  return ctx.scope.alerts.card(data.alertId, ctx.services.clock.now(), undefined, banner);
}

/**
 * The analyst who was answered "working on it" learns the outcome from the channel card: a failure is
 * stored as the card's banner (so the refresh changes what the card shows), then every copy is refreshed.
 */
async function afterLateWork(
  ctx: ActionContext,
  alertId: string,
  failure: string | undefined,
): Promise<void> {
  // Only on a tracked alert: a forged id must not leave a card record behind.
  if (failure && (await ctx.scope.alerts.tracked(alertId).catch(() => undefined))) {
    const at = new Date(ctx.services.clock.now()).toISOString();
    await ctx.scope.analyst
      .setBanner(alertId, { kind: 'error', text: failure, at })
      .catch((err: unknown) =>
        ctx.logger.warn({ err: errorMessage(err) }, 'could not show the late failure'),
      );
  }
  await ctx.scope.analyst.refreshCardsQuietly(alertId);
}

function cardBody(card: AdaptiveCard) {
  return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
}
