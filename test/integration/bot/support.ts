/**
 * Shared steps of the bot integration tests: talk to the real service through `/api/messages` the way
 * Teams does, and read what came back at the fake Bot Connector as a person would read the cards.
 */
import type { ConnectorOp } from '../../helpers/fakeConnector';
import {
  DEFAULT_MEMBERS,
  invokeActivity,
  messageActivity,
  type InvokeOptions,
  type TeamsScope,
} from '../../helpers/activities';
import type { Stack } from '../../helpers/stack';
import { visibleText } from '../../unit/bot/cardText';

export { visibleText };

export const MEGAN = DEFAULT_MEMBERS[0]!;
export const ALEX = DEFAULT_MEMBERS[1]!;
export const SCOPES: readonly TeamsScope[] = ['personal', 'groupChat', 'channel'];

/** The Adaptive Card of a message the bot sent (undefined for text). */
export function cardOf(op: ConnectorOp): unknown {
  return op.activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    ?.content;
}

/** What a reader sees of a message: the card's text, or the plain text. */
export function textOf(op: ConnectorOp): string {
  const card = cardOf(op);
  return card ? visibleText(card) : (op.activity.text ?? '');
}

/**
 * Sends `text` as a user message in `scope` and returns the bot's answers to it: the replies the connector
 * accepted for this message (the turn ends before the HTTP answer, so they are already recorded; cards the
 * notifier posts meanwhile are not replies to it and are left out).
 */
export async function say(
  stack: Stack,
  text: string,
  o: { scope?: TeamsScope; mention?: boolean; from?: typeof MEGAN; channelId?: string } = {},
): Promise<{ status: number; replies: ConnectorOp[]; text: string }> {
  const activity = messageActivity({
    serviceUrl: stack.connector.url,
    scope: o.scope ?? 'personal',
    channelId: o.channelId,
    text,
    mention: o.mention,
    from: o.from ?? MEGAN,
  });
  const res = await stack.post(activity);
  const replies = stack.connector.activities((op) => op.op === 'reply' && op.replyToId === activity.id);
  return { status: res.status, replies, text: replies.map(textOf).join('\n---\n') };
}

export interface InvokeAnswer {
  status: number;
  body: { statusCode: number; type: string; value: unknown };
  /** What the analyst sees of the answered card (or the error message). */
  text: string;
}

/** Presses an Action.Execute button: POSTs the `adaptiveCard/action` invoke and returns its HTTP answer. */
export async function press(
  stack: Stack,
  verb: string,
  data: Record<string, unknown>,
  o: Partial<InvokeOptions> = {},
): Promise<InvokeAnswer> {
  const activity = invokeActivity({ serviceUrl: stack.connector.url, verb, data, from: MEGAN, ...o });
  const res = await stack.post(activity);
  const body = res.body as InvokeAnswer['body'];
  const error = (body?.value as { message?: unknown } | undefined)?.message;
  const text =
    body?.type === 'application/vnd.microsoft.card.adaptive'
      ? visibleText(body.value)
      : typeof error === 'string'
        ? error
        : res.text;
  return { status: res.status, body, text };
}

/** Graph writes the simulator received (PATCH/POST on alerts, no reads). */
export function graphWrites(stack: Stack) {
  return stack.sim
    .requests()
    .filter((r) => (r.method === 'PATCH' || r.method === 'POST') && r.path.includes('/security/alerts_v2'));
}

/**
 * Makes the bot know who `members` are (their UPN, read from the roster) before a test judges access by
 * a UPN in SOC_ANALYSTS: each says /help, and the roster read that turn started is awaited. The access
 * checks of the test then do not depend on how fast this machine answers a roster read; slow and failing
 * rosters have their own tests (bot/access.test.ts, bot/refresh.test.ts).
 */
export async function knowMembers(stack: Stack, ...members: ReadonlyArray<typeof MEGAN>): Promise<void> {
  for (const member of members) {
    await say(stack, '/help', { from: member });
    const known = await stack.bot.services.actors.user(member.aadObjectId!, undefined, { budgetMs: 30_000 });
    if (!known?.upn) throw new Error(`the bot could not learn the UPN of ${member.name} from the roster`);
  }
}
