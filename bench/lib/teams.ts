/** Talking to the service as Teams does (through /api/messages) and reading what reached the fake Bot Connector. */
import type { ConnectorMessage, ConnectorOp } from '../../test/helpers/fakeConnector';
import {
  DEFAULT_CHANNEL_ID,
  invokeActivity,
  messageActivity,
  postActivity,
} from '../../test/helpers/activities';
import { ANALYST, type BenchService } from './service';

/** The channel the benchmarks subscribe (the fake team's second channel). */
export const CHANNEL_ID = DEFAULT_CHANNEL_ID;

/** `/subscribe` typed in the channel by the analyst; fails unless the bot confirms. */
export async function subscribeChannel(svc: BenchService): Promise<void> {
  const activity = messageActivity({
    serviceUrl: svc.connector.url,
    scope: 'channel',
    text: '/subscribe',
    from: ANALYST,
  });
  const res = await postActivity(`${svc.bot.url}/api/messages`, activity);
  const confirmed = svc.connector
    .activities()
    .some((op) => JSON.stringify(op.activity).includes('Subscribed'));
  if (res.status !== 200 || !confirmed) throw new Error(`/subscribe was not confirmed (HTTP ${res.status})`);
  svc.connector.clear();
}

/** Presses an Action.Execute button on an alert card; resolves with the HTTP status and invoke status. */
export async function pressButton(
  svc: BenchService,
  verb: string,
  data: Record<string, unknown>,
): Promise<{ status: number; statusCode: number | undefined; type: string | undefined }> {
  const activity = invokeActivity({ serviceUrl: svc.connector.url, verb, data, from: ANALYST });
  const res = await postActivity(`${svc.bot.url}/api/messages`, activity);
  const body = res.body as { statusCode?: number; type?: string } | undefined;
  return { status: res.status, statusCode: body?.statusCode, type: body?.type };
}

/** The Defender alert id an alert card's buttons carry (`data.alertId`), or undefined for other cards. */
export function alertIdOf(card: unknown): string | undefined {
  const m = /"alertId":"([^"]+)"/.exec(JSON.stringify(card ?? null));
  return m?.[1];
}

/** The card attachment of a message the bot sent. */
export function cardOfOp(op: ConnectorOp): unknown {
  return op.activity.attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')
    ?.content;
}

/** How many alerts a digest card stands for ("📥 N more correlated alerts"), or 0 for any other card. */
export function digestTotal(message: ConnectorMessage): number {
  const m = /(\d+) more correlated alerts?\b/.exec(JSON.stringify(message.card ?? null));
  return m && !alertIdOf(message.card) ? Number(m[1]) : 0;
}
