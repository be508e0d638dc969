/**
 * Teams shows a bot's messages in Microsoft Graph (`/teams/{id}/channels/{id}/messages`, `/chats/{id}/messages`).
 * `mirrorToGraph(sim)` is a fake Bot Connector `onMessage` hook that does the same with the Graph simulator,
 * so the bot can read its own posts back (how it recovers a root card whose send was interrupted).
 * Channels are addressed by their team's Entra group id, as in Graph; personal chats are not mirrored
 * (the app's resource-specific consent does not reach them).
 */
import type { Simulator } from '../../simulator';
import type { ConnectorMessage } from './teams/connectorTypes';
import { DEFAULT_BOT, DEFAULT_TEAM, type TeamsTeam } from './teams/defaults';

export function mirrorToGraph(
  sim: Pick<Simulator, 'teamsMessages'>,
  teams: readonly TeamsTeam[] = [DEFAULT_TEAM],
): (m: ConnectorMessage) => void {
  return (m) => {
    const team = teams.find((t) => t.channels.some((c) => c.id === m.conversationId));
    const where = team
      ? { teamId: team.aadGroupId, channelId: m.conversationId }
      : m.conversationId.endsWith('@thread.v2')
        ? { chatId: m.conversationId }
        : undefined;
    if (!where) return;
    const from = (m.activity.from ?? {}) as { id?: unknown; name?: unknown };
    const fromId = typeof from.id === 'string' ? from.id : DEFAULT_BOT.id;
    sim.teamsMessages.record({
      ...where,
      id: m.activityId,
      replyToId: m.threadRootId,
      from: {
        appId: fromId.replace(/^28:/, ''),
        name: typeof from.name === 'string' ? from.name : undefined,
      },
      text: typeof m.activity.text === 'string' ? m.activity.text : undefined,
      attachments: (m.activity.attachments ?? []).map((a) => ({
        contentType: String(a?.contentType ?? ''),
        content: a?.content,
      })),
      createdAt: m.postedAt,
      deleted: m.deleted,
    });
  };
}
