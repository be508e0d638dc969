/** Posted when the bot is added to a team: what it does and how to start. */
import { expandCard, type AdaptiveCard } from './render';
import template from './templates/welcome.json';
import { md, plain } from './text';

export interface WelcomeCardView {
  /** The bot's display name (used in "@Name /subscribe"). */
  botName: string;
  /** The team it was added to, if known. */
  teamName?: string | null;
  /** The correlation window in minutes, as configured. Default 30. */
  windowMinutes?: number;
}

type WelcomeData = {
  fallbackText: string;
  heading: string;
  intro: string;
  actionsHeading: string;
  actionsText: string;
  startHeading: string;
  startText: string;
  examples: Array<{ title: string; value: string }>;
  helpText: string;
};

const EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['/subscribe', 'every correlated alert'],
  ['/subscribe severity>=high', 'high severity only'],
  [
    '/subscribe severity>=medium sources=endpoint,office365',
    'medium and up, from Defender for Endpoint or Office 365',
  ],
  ['/unsubscribe', 'stop posting here'],
];

export function welcomeCard(view: WelcomeCardView): AdaptiveCard {
  const bot = clean(view.botName, 'DLP correlation bot');
  const window = view.windowMinutes && view.windowMinutes > 0 ? Math.round(view.windowMinutes) : 30;
  const where = view.teamName?.trim() ? ` to ${md(view.teamName, { max: 80 })}` : '';
  const data: WelcomeData = {
    fallbackText: `${plain(bot, { max: 60 })} was added${view.teamName ? ` to ${plain(view.teamName, { max: 60 })}` : ''}. Type @${plain(bot, { max: 60 })} /subscribe in a channel to get correlated alerts there.`,
    heading: `👋 Thanks for adding ${md(bot, { max: 60 })}${where}`,
    intro: md(
      `I watch Microsoft Defender alerts and Purview DLP alerts, and when they concern the same user, mailbox or device within ±${window} min, I post one card per Defender alert in the channels that subscribe, and keep it up to date.`,
      { max: 400 },
    ),
    actionsHeading: 'From each card you can',
    actionsText: md(
      'Enrich the Defender alert with the DLP evidence · see the sensitive info types that matched (types, counts and confidence, never the data itself) · comment · assign it to yourself · set status and classification.',
      { max: 400 },
    ),
    startHeading: 'Get started',
    startText: md(`In the channel that should receive alerts, mention me and subscribe: @${bot} /subscribe`, {
      max: 200,
    }),
    examples: EXAMPLES.map(([cmd, what]) => ({ title: md(cmd), value: md(what) })),
    helpText: md(`@${bot} /help lists every command. In personal chat, commands work without the mention.`, {
      max: 200,
    }),
  };
  return expandCard(template, data);
}

function clean(s: string | null | undefined, fallback: string): string {
  return s?.trim() ? s.trim() : fallback;
}
