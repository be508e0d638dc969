import type { Application, TurnState } from '@microsoft/teams-ai';
import type { TurnContext } from 'botbuilder';
import { welcomeCard } from '../cards';
import type { Logger } from '../log';
import { channelConversationId, stableId } from '../subscriptions';
import { conversationRefOf, replyWith } from './context';
import type { BotServices } from './services';

interface TeamsChannelData {
  team?: { id?: string; name?: string };
  eventType?: string;
}

/** What the lifecycle remembers per conversation (teams-ai conversation state, in the bot storage). */
interface WelcomeMemory {
  welcomedAt?: string;
}

/**
 * Installation and team lifecycle: remember every team the bot is installed in (durably), welcome it
 * with how to /subscribe, and drop subscriptions when the bot is removed or the team deleted.
 */
export function registerLifecycle(app: Application, services: BotServices, logger: Logger): void {
  app.conversationUpdate('membersAdded', async (ctx, state) => {
    const botAdded = (ctx.activity.membersAdded ?? []).some((m) => m.id === ctx.activity.recipient?.id);
    if (botAdded) await installed(ctx, state, services, logger);
  });
  app.activity('installationUpdate', async (ctx, state) => {
    const action = String(ctx.activity.action ?? '');
    if (action.startsWith('add')) await installed(ctx, state, services, logger);
    else if (action.startsWith('remove')) {
      (state.conversation as WelcomeMemory).welcomedAt = undefined;
      await removed(ctx, services, 'the app was uninstalled');
    }
  });
  app.conversationUpdate('membersRemoved', async (ctx) => {
    const botRemoved = (ctx.activity.membersRemoved ?? []).some((m) => m.id === ctx.activity.recipient?.id);
    if (botRemoved) await removed(ctx, services, 'the bot was removed from the team');
  });
  app.conversationUpdate('teamDeleted', (ctx) => removed(ctx, services, 'the team was deleted'));
  app.conversationUpdate('teamHardDeleted', (ctx) => removed(ctx, services, 'the team was deleted'));
  app.conversationUpdate('channelDeleted', async (ctx) => {
    const channelId = (ctx.activity.channelData as { channel?: { id?: string } } | undefined)?.channel?.id;
    if (channelId) await services.subscriptions.unsubscribe(channelId);
  });
}

async function installed(
  ctx: TurnContext,
  state: TurnState,
  services: BotServices,
  logger: Logger,
): Promise<void> {
  const team = (ctx.activity.channelData as TeamsChannelData | undefined)?.team;
  if (!team?.id) {
    // A personal or group chat: Teams announces an install twice (conversationUpdate and
    // installationUpdate) and the Playground re-sends both on every page load. Welcome once.
    const memory = state.conversation as WelcomeMemory;
    if (memory.welcomedAt) return;
    memory.welcomedAt = new Date(services.clock.now()).toISOString();
  } else {
    const known = (await services.subscriptions.teams()).some((t) => t.teamId === team.id);
    await services.subscriptions.rememberTeam({
      teamId: team.id,
      name: team.name,
      ref: conversationRefOf(ctx.activity),
    });
    // Clients re-send install events (the Playground on every page load): welcome a team only once.
    if (known) return;
    logger.info({ team: team.id }, 'installed in a team');
  }
  await replyWith(
    ctx,
    welcomeCard({
      botName: ctx.activity.recipient?.name || 'Defender DLP Bot',
      teamName: team?.name ?? null,
    }),
  );
}

async function removed(ctx: TurnContext, services: BotServices, reason: string): Promise<void> {
  const teamId = (ctx.activity.channelData as TeamsChannelData | undefined)?.team?.id;
  if (teamId) await services.subscriptions.removeTeam(teamId, reason);
  else
    await services.subscriptions.remove(
      stableId(channelConversationId(ctx.activity.conversation.id)),
      reason,
    );
}
