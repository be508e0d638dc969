/**
 * Runs one card action's handler once the runner has checked everything (data, tenant, access): audits
 * the outcome, shows who did what on every copy of the card, and turns every failure into a card that
 * says what happened, in words an analyst can act on.
 */
import { noticeCard, type AdaptiveCard, type CardAction } from '../../cards';
import { CardActionError, errorMessage, GraphError } from '../../errors';
import { PermissionMissingError } from '../../permissions';
import { alertCardWith } from './shared';
import type { ActionContext, CardActionHandler } from './types';

/**
 * What an action changed goes on every copy of the card, attributed ("Riley Chen set the status to
 * Resolved. 14:02 UTC"), so the channel sees who did what; the next action replaces it. The clicking
 * analyst gets the same card at once; the notifier refreshes the channel's copies.
 */
async function showOutcome(ctx: ActionContext, alertId: string, outcome: string): Promise<AdaptiveCard> {
  const now = ctx.services.clock.now();
  const at = new Date(now).toISOString();
  const text = `${ctx.actor.name} ${outcome} (${at.slice(11, 16)} UTC)`;
  await ctx.scope.analyst.setBanner(alertId, { kind: 'info', text, at });
  await ctx.scope.analyst.refreshCardsQuietly(alertId);
  return alertCardWith(ctx, alertId);
}

/** A success clears the failure an earlier late action left on the alert's cards. */
async function clearStoredBanner(ctx: ActionContext, alertId: string): Promise<void> {
  try {
    // Only a failure: who-did-what banners stay, and a read (Refresh, Sensitive info types) must not
    // redraw the channel card over the answer the analyst is looking at.
    if ((await ctx.scope.alerts.cardRecord(alertId))?.banner?.kind !== 'error') return;
    await ctx.scope.analyst.setBanner(alertId, undefined);
    await ctx.scope.analyst.refreshCardsQuietly(alertId);
  } catch (err) {
    ctx.logger.warn({ err: errorMessage(err) }, 'could not clear the banner of an earlier failure');
  }
}

/** Runs the handler, audits it, and turns every failure into a card that says what happened. */
export async function execute(
  handler: CardActionHandler,
  ctx: ActionContext,
  data: CardAction,
): Promise<{ card: AdaptiveCard; failure?: string }> {
  const now = ctx.services.clock.now();
  try {
    const result = await handler.run(ctx, data as never);
    await ctx.services.audit.record({
      actor: auditActor(ctx.actor),
      action: data.verb,
      alertId: data.alertId,
      tenant: ctx.scope.name,
      ...result.audit,
    });
    if (result.outcome) return { card: await showOutcome(ctx, data.alertId, result.outcome) };
    await clearStoredBanner(ctx, data.alertId);
    return { card: result.card ?? (await alertCardWith(ctx, data.alertId)) };
  } catch (err) {
    const text = plainWords(err);
    ctx.logger.warn({ err: errorMessage(err) }, 'card action failed');
    await ctx.services.audit
      .record({
        actor: auditActor(ctx.actor),
        action: data.verb,
        alertId: data.alertId,
        tenant: ctx.scope.name,
        result: 'failed',
        detail: text,
      })
      .catch(() => undefined);
    const card = await ctx.scope.alerts
      .card(data.alertId, now, undefined, { kind: 'error', text })
      .catch(() => undefined);
    return { card: card ?? noticeCard({ kind: 'error', title: 'The action failed', text }), failure: text };
  }
}

/** Graph and validation failures in words an analyst can act on (never "Something went wrong"). */
export function plainWords(err: unknown): string {
  if (err instanceof CardActionError || err instanceof PermissionMissingError) return err.message;
  if (err instanceof GraphError) {
    switch (err.reason) {
      case 'throttled':
        return `Microsoft Graph is throttling the bot; try again in ${Math.ceil((err.retryAfterMs ?? 30_000) / 1000)} s.`;
      case 'forbidden':
        return `Microsoft Graph refused: ${err.message}`;
      case 'not_found':
        return 'Microsoft Graph does not know this alert any more.';
      case 'unauthorized':
        return 'The bot could not authenticate to Microsoft Graph; the operator should check its credentials.';
      case 'unavailable':
        return 'Microsoft Graph is unavailable right now; try again in a minute.';
      case 'bad_request':
        return `Microsoft Graph rejected the request: ${err.message}`;
      case 'other':
        return `Microsoft Graph answered ${err.status}: ${err.message}`;
    }
  }
  return `The action failed: ${errorMessage(err)}`;
}

/** Who acted, as the audit log records it. */
export function auditActor(a: ActionContext['actor']) {
  return { name: a.name, upn: a.upn, aadObjectId: a.aadObjectId };
}
