import { BotError } from '../errors';
import type { Feature, GraphOperation } from './roles';

/**
 * A Graph request the bot did not send because its token lacks the application permission (Graph would
 * have answered 403). Not a card-action error: the poller, the notifier's recovery and the doctor meet it
 * too. A card action or command shows its message as is (`plainWords` in src/bot/actions/execute.ts).
 */
export class PermissionMissingError extends BotError {
  /** The role to grant: the least privileged one that allows the operation. */
  readonly missing: string;

  constructor(
    readonly operation: GraphOperation,
    readonly feature: Feature | 'cardRecovery',
    anyOf: readonly string[],
  ) {
    const missing = anyOf[0] ?? 'an application permission';
    super(
      'permission_missing',
      `Not sent to Microsoft Graph: ${WHAT[operation]} needs the application permission ${missing}, which the ` +
        "bot's token lacks. Grant it to the app registration and give admin consent.",
    );
    this.missing = missing;
  }
}

/** What each operation does, in an operator's words. */
const WHAT: Readonly<Record<GraphOperation, string>> = {
  listAlerts: 'polling alerts',
  getAlert: 'reading an alert',
  addComment: 'commenting on an alert',
  updateAlert: 'updating an alert',
  runHuntingQuery: 'advanced hunting (sensitive info types)',
  checkMemberGroups: 'checking the analyst group membership',
  getUser: 'reading a user',
  listIncidents: 'reading incidents',
  listChannelMessages: "reading the bot's own recent posts in a channel",
  listChatMessages: "reading the bot's own recent posts in a chat",
};
