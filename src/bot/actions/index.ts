import { RegistrationError } from '../../errors';
import { ALL_VERBS } from '../../cards';
import { assignToAction } from './assignTo';
import { assignToMeAction } from './assignToMe';
import { classifyAction } from './classify';
import { commentAction } from './comment';
import { enrichAction } from './enrich';
import { refreshAction } from './refresh';
import { reopenAction } from './reopen';
import { resolveAction } from './resolve';
import { setStatusAction } from './setStatus';
import { sitAction } from './sit';
import { snoozeAction } from './snooze';
import type { CardActionHandler } from './types';

/** Every card action handler. `checkActionRegistry` fails boot if a verb has none or two. */
export const CARD_ACTIONS: readonly CardActionHandler[] = [
  enrichAction,
  sitAction,
  commentAction,
  assignToMeAction,
  setStatusAction,
  classifyAction,
  refreshAction,
  resolveAction,
  reopenAction,
  assignToAction,
  snoozeAction,
] as CardActionHandler[];

export function checkActionRegistry(handlers: readonly CardActionHandler[]): void {
  const seen = new Set<string>();
  for (const h of handlers) {
    if (seen.has(h.verb)) throw new RegistrationError(`Card verb "${h.verb}" has two handlers.`);
    seen.add(h.verb);
  }
  const missing = ALL_VERBS.filter((v) => !seen.has(v));
  if (missing.length) throw new RegistrationError(`Card verbs without a handler: ${missing.join(', ')}.`);
}

export { runCardAction, ACTION_DEADLINE_MS, plainWords, sendInvokeResponse, errorInvokeBody } from './runner';
export type { CardActionHandler, ActionContext, ActionResult } from './types';
