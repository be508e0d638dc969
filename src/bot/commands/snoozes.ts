import { describeSnooze } from '../../analyst';
import { noticeCard } from '../../cards';
import { authorize, COMMAND_ACCESS_WAIT_MS } from '../context';
import { recordCommand } from './record';
import type { Command, CommandContext } from './types';

/**
 * /snoozes: this conversation's snoozes in force (anyone may look); /snoozes lift <n|all> ends them now
 * (analysts only: it changes what the bot posts here). A lifted snooze's summary follows at once.
 */
export const snoozesCommand: Command = {
  name: 'snoozes',
  usage: '/snoozes [lift <number>|lift all]',
  description: 'List the snoozes of this conversation, or lift them.',
  async run(ctx, args) {
    const words = args.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return list(ctx);
    if (words[0]!.toLowerCase() !== 'lift' || words.length !== 2) {
      await ctx.reply(noticeCard({ kind: 'warning', title: '/snoozes', text: `Usage: ${this.usage}` }));
      return;
    }
    await lift(ctx, words[1]!);
  },
};

async function list(ctx: CommandContext): Promise<void> {
  const snoozes = await ctx.services.snoozes.active(ctx.turn.activity.conversation.id);
  const text = snoozes.length
    ? snoozes
        .map((s, i) => `${i + 1}. ${describeSnooze(s)}, set by ${s.createdBy.name}; ${s.held.length} held`)
        .join('\n') + '\nLift one with /snoozes lift <number>, or all with /snoozes lift all.'
    : 'Nothing is snoozed here. Snooze a user or a detector from an alert card (Snooze…).';
  await ctx.reply(noticeCard({ kind: 'info', title: `Snoozes here (${snoozes.length})`, text }));
}

async function lift(given: CommandContext, which: string): Promise<void> {
  const { actor, decision } = await authorize(
    given.turn,
    given.services,
    given.actor,
    COMMAND_ACCESS_WAIT_MS,
  );
  const ctx = { ...given, actor };
  if (!decision.allowed) {
    await recordCommand(ctx, { action: '/snoozes lift', result: 'refused', detail: decision.reason });
    await ctx.reply(noticeCard({ kind: 'warning', title: 'Not allowed', text: decision.reason }));
    return;
  }
  const outcome = await ctx.services.snoozes.lift(ctx.turn.activity.conversation.id, which, ctx.actor);
  if ('error' in outcome) {
    await ctx.reply(noticeCard({ kind: 'warning', title: 'Nothing lifted', text: outcome.error }));
    return;
  }
  for (const s of outcome.lifted)
    await recordCommand(ctx, { action: '/snoozes lift', result: 'ok', detail: describeSnooze(s) });
  const text = outcome.lifted
    .map((s) => `Lifted: ${describeSnooze(s)}; ${s.held.length} held alert(s) follow in one summary.`)
    .join('\n');
  await ctx.reply(noticeCard({ kind: 'success', title: 'Snooze lifted', text }));
}
