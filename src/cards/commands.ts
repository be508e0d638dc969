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
    name: 'tenants',
    syntax: '/tenants',
    description:
      'The customer tenants: tenant id, which replica polls each, last poll and error, missing permissions, and how the polling is spread.',
  },
  {
    name: 'subscribe',
    syntax: '/subscribe [severity>=…] [sources=…] [sensitive] [tenants=…]',
    description:
      'Post correlated alerts in this channel or chat, optionally filtered; tenants= picks the customer tenants (default all).',
    examples: [
      '/subscribe',
      '/subscribe severity>=high',
      '/subscribe severity>=medium sources=endpoint,office365',
      '/subscribe sensitive',
      '/subscribe tenants=contoso,fabrikam',
    ],
  },
  { name: 'unsubscribe', syntax: '/unsubscribe', description: 'Stop posting alerts here.' },
  {
    name: 'alerts',
    syntax: '/alerts [severity>=…] [status=…] [since=24h] [tenant=…]',
    description:
      "List correlated Defender alerts of this conversation's tenants (or one), most severe first.",
    examples: ['/alerts', '/alerts severity>=high status=new since=24h', '/alerts tenant=contoso'],
  },
  {
    name: 'alert',
    syntax: '/alert <id> [tenant=…]',
    description:
      "Show one correlated alert's full card. With several tenants the id is looked up in each; tenant= names one when two share the id (also on /sit, /enrich, /comment).",
  },
  {
    name: 'dlp',
    syntax: '/dlp <upn> [since=7d] [tenant=…]',
    description: "A user's DLP alerts and the Defender alerts they correlate with.",
    examples: ['/dlp alice@contoso.com since=7d'],
  },
  {
    name: 'sit',
    syntax: '/sit <id> [tenant=…]',
    description: 'Sensitive info types behind an alert (types, counts, confidence; never the values).',
  },
  {
    name: 'enrich',
    syntax: '/enrich <id> [tenant=…]',
    description: 'Add the correlated DLP evidence to the Defender alert as a comment.',
  },
  {
    name: 'comment',
    syntax: '/comment <id> [tenant=…] <text>',
    description: 'Comment on the Defender alert, signed with your name.',
  },
  {
    name: 'audit',
    syntax: '/audit [alert-id]',
    description: 'Recent actions taken through the bot, for one alert or all.',
  },
  {
    name: 'report',
    syntax: '/report [since=12h]',
    description:
      'Shift report: correlated alerts by status and severity, time to first action and to resolution, top users and policies, analysts.',
    examples: ['/report', '/report since=24h'],
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
      "This conversation's routing rules: severity floor, sources, detectors, DLP workloads, and whether it is the sensitive route (Insider Risk, sensitive DLP policies).",
  },
  {
    name: 'route',
    syntax: '/route add|remove <severity>=…|sources=…|detectors=…|workloads=…|sensitive>',
    description: "Change this conversation's routing rules (analysts only).",
    examples: [
      '/route add severity>=high',
      '/route add workloads=Exchange,SharePoint,OneDrive,Teams,Endpoint',
      '/route add sensitive',
      '/route remove workloads',
    ],
  },
];

/** The alert card's actions as `/help` describes them (buttons, not commands). */
export interface CardActionHelp {
  /** The button's title on the card. */
  title: string;
  description: string;
}

export const CARD_ACTION_HELP: readonly CardActionHelp[] = [
  {
    title: 'Resolve / classify',
    description:
      'On an alert card: classification, a determination that goes with it and a short reason, in one form. ' +
      'Resolve sets the status too; the reason goes to Defender as a comment with your name. A resolved card ' +
      'shows who, when and why, and offers Reopen.',
  },
  {
    title: 'Assign to…',
    description:
      'On an alert card: pick a member of this conversation (or type their UPN where the picker is missing, ' +
      'e.g. on mobile); they are assigned in Defender and mentioned in the card’s thread. Assign to me is beside it.',
  },
  {
    title: 'Snooze…',
    description:
      'On an alert card: hold new cards for this user or this detector in this conversation for 1 h, 4 h, 24 h or ' +
      'until a date; high-severity alerts still come through unless you untick it. What was held is posted as one ' +
      'summary when the snooze ends. /snoozes lists and lifts them.',
  },
];
