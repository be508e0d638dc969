import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard, CardActionOf, CardVerb } from '../../cards';
import type { Logger } from '../../log';
import type { Actor } from '../context';
import type { BotServices, TenantScope } from '../services';

export interface ActionContext {
  turn: TurnContext;
  services: BotServices;
  /**
   * The tenant the card names (`data.tenant`, checked against the configured tenants): handlers read and
   * change alerts through `scope.alerts` / `scope.analyst`, never `services.alerts` (the first tenant's).
   */
  scope: TenantScope;
  actor: Actor;
  logger: Logger;
}

/** What a handler returns. */
export interface ActionResult {
  /**
   * What the action changed, in a few words ("Status set to Resolved."). Shown on every copy of the card,
   * attributed to the analyst, until the next action: the channel sees who did what.
   */
  outcome?: string;
  /** The card for the analyst who clicked, when the action changed nothing for everyone (a view, a no-op). */
  card?: AdaptiveCard;
  audit: { result: 'ok' | 'unchanged' | 'failed'; detail?: string };
}

/** One Action.Execute verb. One file per verb under `src/bot/actions/`. */
export interface CardActionHandler<V extends CardVerb = CardVerb> {
  verb: V;
  /** Writes to Graph: only analysts. */
  analystOnly: boolean;
  /** The feature whose Graph permission it needs (unavailable features are refused up front). */
  feature?: 'actions' | 'sit';
  /** Card shown at once when the work outlasts the deadline (the channel card is updated when done). */
  working?: (ctx: ActionContext, data: CardActionOf<V>) => Promise<AdaptiveCard>;
  run(ctx: ActionContext, data: CardActionOf<V>): Promise<ActionResult>;
}
