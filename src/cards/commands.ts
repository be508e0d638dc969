/**
 * The commands as the help and welcome cards describe them. The bot owns parsing; this is the text.
 * Syntax uses <required> and [optional] parts.
 */

export interface CommandHelp {
  /** The command word without the slash, e.g. "subscribe". */
  name: string;
  /** Full syntax, e.g. "/subscribe [severity>=…] [sources=…]". */
  syntax: string;
  /** One line saying what it does. */
  description: string;
  /** A few complete examples. */
  examples?: readonly string[];
}

export const COMMAND_HELP: readonly CommandHelp[] = [
  { name: 'help', syntax: '/help', description: 'Show this list of commands.' },
  {
    name: 'status',
    syntax: '/status',
    description: 'Bot health: version, uptime, last poll, store, leader replica, permissions, certificate.',
  },
  {
    name: 'subscribe',
    syntax: '/subscribe [severity>=…] [sources=…] [sensitive]',
    description: 'Post correlated alerts in this channel or chat, optionally filtered.',
    examples: [
      '/subscribe',
      '/subscribe severity>=high',
      '/subscribe severity>=medium sources=endpoint,office365',
      '/subscribe sensitive',
    ],
  },
  { name: 'unsubscribe', syntax: '/unsubscribe', description: 'Stop posting alerts here.' },
  {
    name: 'alerts',
    syntax: '/alerts [severity>=…] [status=…] [since=24h]',
    description: 'List correlated Defender alerts, most severe first.',
    examples: ['/alerts', '/alerts severity>=high status=new since=24h'],
  },
  { name: 'alert', syntax: '/alert <id>', description: "Show one correlated alert's full card." },
  {
    name: 'dlp',
    syntax: '/dlp <upn> [since=7d]',
    description: "A user's DLP alerts and the Defender alerts they correlate with.",
    examples: ['/dlp alice@contoso.com since=7d'],
  },
  {
    name: 'sit',
    syntax: '/sit <id>',
    description: 'Sensitive info types behind an alert (types, counts, confidence; never the values).',
  },
  {
    name: 'enrich',
    syntax: '/enrich <id>',
    description: 'Add the correlated DLP evidence to the Defender alert as a comment.',
  },
  {
    name: 'comment',
    syntax: '/comment <id> <text>',
    description: 'Comment on the Defender alert, signed with your name.',
  },
  {
    name: 'audit',
    syntax: '/audit [alert-id]',
    description: 'Recent actions taken through the bot, for one alert or all.',
  },
  {
    name: 'snoozes',
    syntax: '/snoozes [lift <number>|lift all]',
    description:
      "This conversation's snoozes (set from a card's Snooze…: a user or a detector for 1 h, 4 h, 24 h or until a date); lift ends one now and posts what it held.",
    examples: ['/snoozes', '/snoozes lift 1', '/snoozes lift all'],
  },
  {
    name: 'routes',
    syntax: '/routes',
    description:
      "This conversation's routing rules: severity floor, sources, detectors, and whether it is the sensitive route (Insider Risk, sensitive DLP policies).",
  },
  {
    name: 'route',
    syntax: '/route add|remove <severity>=…|sources=…|detectors=…|sensitive>',
    description: "Change this conversation's routing rules (analysts only).",
    examples: ['/route add severity>=high', '/route add sensitive', '/route remove detectors'],
  },
];
