import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../log';
import type { Actor, Scope } from '../context';
import type { BotServices } from '../services';

/** What a slash command handler receives. */
export interface CommandContext {
  turn: TurnContext;
  services: BotServices;
  actor: Actor;
  scope: Scope;
  logger: Logger;
  /** Replies in the conversation with a card or plain text. */
  reply(content: Record<string, unknown> | string): Promise<void>;
}

/** One slash command. One file per command under `src/bot/commands/`. */
export interface Command {
  /** The word after the slash, lower case (`alerts`). */
  name: string;
  /** Syntax shown in /help and in usage answers. */
  usage: string;
  description: string;
  /** Writes to Graph or changes the bot: only analysts may run it. */
  analystOnly?: boolean;
  /** Where it makes sense. Default: everywhere. */
  scopes?: readonly Scope[];
  run(ctx: CommandContext, args: string): Promise<void>;
}
