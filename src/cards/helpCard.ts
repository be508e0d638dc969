/** `/help`: every command with its syntax, what it does, and examples. */
import { CARD_ACTION_HELP, COMMAND_HELP, type CommandHelp } from './commands';
import { expandCard, type AdaptiveCard } from './render';
import template from './templates/help.json';
import { md, plain } from './text';

export interface HelpCardView {
  /** The bot's display name, for the "@Name /command" hint in channels. */
  botName?: string | null;
  /** The commands to describe; default `COMMAND_HELP`. */
  commands?: readonly CommandHelp[];
}

type HelpData = {
  fallbackText: string;
  heading: string;
  intro: string;
  commands: Array<{ syntax: string; description: string; hasExamples: boolean; examples: string }>;
  cardActionsHeading: string;
  cardActions: Array<{ title: string; description: string }>;
};

export function helpCard(view: HelpCardView = {}): AdaptiveCard {
  const commands = view.commands ?? COMMAND_HELP;
  const name = view.botName?.trim() ? view.botName : 'the bot';
  const data: HelpData = {
    fallbackText: `Commands: ${commands.map((c) => `/${plain(c.name, { max: 30 })}`).join(', ')}`,
    heading: 'Commands',
    intro: md(
      `In personal chat type a command as shown. In a channel or group chat mention me first: @${name} /help`,
      { max: 240 },
    ),
    commands: commands.slice(0, 30).map((c) => ({
      syntax: md(c.syntax, { max: 120 }),
      description: md(c.description, { max: 240 }),
      hasExamples: Boolean(c.examples?.length),
      examples: c.examples?.length
        ? md(`Examples: ${c.examples.slice(0, 4).join('  ·  ')}`, { max: 400 })
        : '',
    })),
    cardActionsHeading: 'On an alert card',
    cardActions: CARD_ACTION_HELP.map((a) => ({
      title: md(a.title, { max: 60 }),
      description: md(a.description, { max: 400 }),
    })),
  };
  return expandCard(template, data);
}
