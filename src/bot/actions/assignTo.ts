import { plain, VERBS } from '../../cards';
import { errorMessage } from '../../errors';
import { findAssignee, mentionActivity, type Assignee } from '../roster';
import type { ActionContext, CardActionHandler } from './types';

/**
 * Assign to…: the person from the people picker (an Entra object id) or the typed UPN, resolved through the
 * conversation's roster (Graph's user lookup as a fallback), becomes `assignedTo`; they are @mentioned in
 * the card's thread (an invoke from a channel card carries the thread's conversation id).
 */
export const assignToAction: CardActionHandler<typeof VERBS.assignTo> = {
  verb: VERBS.assignTo,
  analystOnly: true,
  feature: 'actions',
  async run(ctx, data) {
    const who = await findAssignee(
      ctx.turn,
      { aadObjectId: data.assigneeId, upn: data.assigneeUpn },
      ctx.services.actors,
    );
    const updated = await ctx.scope.analyst.triage(data.alertId, { assignedTo: who.upn });
    const told = await mention(ctx, who, updated.title);
    return {
      outcome: `assigned the alert to ${who.name} (${who.upn})${told ? '' : '; they could not be notified in the thread'}.`,
      audit: { result: 'ok', detail: `assignedTo=${who.upn} via=${data.assigneeId ? 'picker' : 'upn'}` },
    };
  },
};

/** The assignment is done in Defender whatever happens here: a failed mention is logged and said. */
async function mention(
  ctx: ActionContext,
  who: Assignee,
  title: string | null | undefined,
): Promise<boolean> {
  const what = title ? `"${plain(title, { max: 120 })}"` : 'a Defender alert';
  try {
    await ctx.turn.sendActivity(
      mentionActivity(who, (tag) => `${tag}, ${plain(ctx.actor.name, { max: 80 })} assigned you ${what}.`),
    );
    return true;
  } catch (err) {
    ctx.logger.warn({ err: errorMessage(err) }, 'assigned, but the mention could not be posted');
    return false;
  }
}
