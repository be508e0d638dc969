import { ActivityTypes, type Storage, type TurnContext } from 'botbuilder';
import { Application, TeamsAdapter } from '@microsoft/teams-ai';
import { noticeCard } from '../cards';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import {
  CARD_ACTIONS,
  checkActionRegistry,
  errorInvokeBody,
  plainWords,
  runCardAction,
  sendInvokeResponse,
} from './actions';
import { checkCommandRegistry, COMMANDS, parseCommandText, type Command } from './commands';
import { recordCommand } from './commands/record';
import { authorize, COMMAND_ACCESS_WAIT_MS, replyWith, resolveActor, scopeOf, type Actor } from './context';
import { registerLifecycle } from './lifecycle';
import type { BotServices } from './services';

export interface BotAppOptions {
  adapter: TeamsAdapter;
  storage: Storage;
  botAppId: string;
  services: BotServices;
  logger: Logger;
  commands?: readonly Command[];
  /** Card action deadline in ms (default 2000). */
  actionDeadlineMs?: number;
}

/**
 * The Teams side: a teams-ai Application with one route per slash command and one Action.Execute
 * handler per card verb. Registration is checked here: a duplicate command or a verb without a handler
 * fails start-up.
 */
export function createBotApp(o: BotAppOptions): Application {
  const commands = o.commands ?? COMMANDS;
  checkCommandRegistry(commands);
  checkActionRegistry(CARD_ACTIONS);
  const app = new Application({
    adapter: o.adapter,
    storage: o.storage,
    botAppId: o.botAppId,
    removeRecipientMention: true,
    startTypingTimer: false,
    longRunningMessages: false,
  });
  for (const handler of CARD_ACTIONS) {
    app.adaptiveCards.actionExecute(handler.verb, async (ctx) => {
      await runCardAction(handler, ctx, o.services, turnLogger(o.logger, ctx), o.actionDeadlineMs);
      return ''; // The invoke response was already sent by runCardAction.
    });
  }
  app.addRoute(
    unknownVerbSelector,
    async (ctx) => {
      const verb = String((ctx.activity.value as { action?: { verb?: unknown } })?.action?.verb ?? '').slice(
        0,
        60,
      );
      await sendInvokeResponse(
        ctx,
        errorInvokeBody(400, 'BadRequest', `Unknown card action "${verb}". Refresh the card and try again.`),
      );
    },
    true,
  );
  for (const command of commands) {
    app.message(
      async (ctx) => parseCommandText(ctx.activity.text)?.name === command.name,
      (ctx) => dispatchCommand(command, ctx, o.services, turnLogger(o.logger, ctx)),
    );
  }
  registerLifecycle(app, o.services, o.logger);
  app.activity(ActivityTypes.Message, async (ctx) => {
    const name = parseCommandText(ctx.activity.text)?.name;
    const text = name ? `I don't know /${name}.` : 'I answer slash commands.';
    await replyWith(
      ctx,
      noticeCard({ kind: 'info', title: 'Try /help', text: `${text} Type /help for the list.` }),
    );
  });
  app.error(async (ctx, err) => {
    turnLogger(o.logger, ctx).error({ err: err.message }, 'unhandled error in a turn');
  });
  return app;
}

async function unknownVerbSelector(ctx: TurnContext): Promise<boolean> {
  const a = ctx.activity;
  if (a.type !== ActivityTypes.Invoke || a.name !== 'adaptiveCard/action') return false;
  const verb = (a.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  return !CARD_ACTIONS.some((h) => h.verb === verb);
}

async function dispatchCommand(
  command: Command,
  turn: TurnContext,
  services: BotServices,
  logger: Logger,
): Promise<void> {
  const parsed = parseCommandText(turn.activity.text)!;
  const scope = scopeOf(turn.activity);
  let replyFailed = false;
  const reply = async (content: Record<string, unknown> | string): Promise<void> => {
    try {
      await replyWith(turn, content);
    } catch (err) {
      replyFailed = true;
      throw err;
    }
  };
  if (command.scopes && !command.scopes.includes(scope)) {
    const text = `/${command.name} works in ${command.scopes.join(', ')} conversations.`;
    await reply(noticeCard({ kind: 'info', title: `/${command.name}`, text }));
    return;
  }
  let actor = await resolveActor(turn, services.actors);
  if (command.analystOnly) {
    const allowed = await mayRun(command, turn, actor, services, reply);
    if (!allowed) return;
    actor = allowed;
  }
  try {
    await command.run({ turn, services, actor, scope, logger, reply }, parsed.args);
  } catch (err) {
    if (replyFailed) {
      // Teams refused the answer, not the command: what it changed is done (and audited by it), and
      // answering again would fail the same way.
      logger.warn({ command: command.name, err: errorMessage(err) }, 'could not answer in Teams');
      return;
    }
    logger.warn({ command: command.name, err: errorMessage(err) }, 'command failed');
    const text = plainWords(err);
    if (command.analystOnly)
      await recordCommand(
        { services, actor, logger },
        { action: `/${command.name}`, result: 'failed', detail: text },
      );
    await reply(noticeCard({ kind: 'error', title: `/${command.name} failed`, text }));
  }
}

/** The access check of analyst-only commands: the actor as checked, or undefined after an audited refusal. */
async function mayRun(
  command: Command,
  turn: TurnContext,
  who: Actor,
  services: BotServices,
  reply: (content: Record<string, unknown>) => Promise<void>,
): Promise<Actor | undefined> {
  const { actor, decision } = await authorize(turn, services, who, COMMAND_ACCESS_WAIT_MS);
  if (decision.allowed) return actor;
  await services.audit.record({
    actor: { name: actor.name, upn: actor.upn, aadObjectId: actor.aadObjectId },
    action: `/${command.name}`,
    result: 'refused',
    detail: decision.reason,
  });
  await reply(noticeCard({ kind: 'warning', title: 'Not allowed', text: decision.reason }));
  return undefined;
}

/** A child logger carrying the activity's ids (never its text: it may hold sensitive content). */
export function turnLogger(logger: Logger, ctx: TurnContext): Logger {
  const a = ctx.activity;
  return logger.child({
    activityId: a.id,
    activityType: a.type,
    conversationType: a.conversation?.conversationType,
  });
}
