import {
  ActivityTypes,
  CardFactory,
  type Activity,
  type CloudAdapter,
  type ConversationReference,
  type TurnContext,
} from 'botbuilder';
import { TeamsSendError } from '../errors';
import type { Logger } from '../log';
import type { OutgoingActivity, TeamsTransport } from '../notify/types';
import type { ConversationRef } from '../subscriptions';
import { channelConversationId } from '../subscriptions/registry';

/**
 * The notifier's TeamsTransport over the Bot Connector: proactive sends through the adapter's
 * `continueConversationAsync`. In a channel the thread is chosen by the conversation id alone
 * (`…;messageid=<root>` replies in that thread); updates are `PUT …/activities/{id}`.
 */
export class BotConnectorTransport implements TeamsTransport {
  private warnedNoPipeline = false;

  constructor(
    private readonly adapter: CloudAdapter,
    private readonly botAppId: string,
    private readonly logger: Logger,
  ) {}

  async send(ref: ConversationRef, activity: OutgoingActivity): Promise<string> {
    return this.withContext(toReference(ref, channelConversationId(ref.conversation.id)), async (ctx) => {
      const res = await ctx.sendActivity(toActivity(activity));
      return requireId(res?.id);
    });
  }

  async reply(ref: ConversationRef, rootActivityId: string, activity: OutgoingActivity): Promise<string> {
    const threadId = `${channelConversationId(ref.conversation.id)};messageid=${rootActivityId}`;
    const isChannel = ref.conversation.conversationType === 'channel';
    // Outside channels (chats) there are no threads: a reply is a new message quoting the card's id.
    const reference = toReference(ref, isChannel ? threadId : ref.conversation.id);
    return this.withContext(reference, async (ctx) => {
      const res = await ctx.sendActivity({ ...toActivity(activity), replyToId: rootActivityId });
      return requireId(res?.id);
    });
  }

  async update(ref: ConversationRef, activityId: string, activity: OutgoingActivity): Promise<void> {
    await this.withContext(toReference(ref, channelConversationId(ref.conversation.id)), async (ctx) => {
      await ctx.updateActivity({ ...toActivity(activity), id: activityId });
      return '';
    });
  }

  /**
   * botbuilder's HTTP pipeline retries 5xx, 429 and broken connections on its own, blindly: after a lost
   * answer that posts a root card twice. The Deliverer is the one retry authority (paced, honouring
   * Retry-After, and never re-sending a root card whose answer was lost: the notifier looks it up in
   * Teams first), so the pipeline's retry policy is removed from this turn's connector client.
   */
  private withoutPipelineRetries(ctx: TurnContext): void {
    const connector = ctx.turnState.get(this.adapter.ConnectorClientKey) as PipelinedClient | undefined;
    const pipeline = connector?.client?.pipeline;
    if (pipeline) {
      pipeline.removePolicy({ phase: 'Retry' });
    } else if (!this.warnedNoPipeline) {
      this.warnedNoPipeline = true;
      this.logger.warn(
        'the Bot Connector client has no pipeline to remove retries from: botbuilder may retry sends itself',
      );
    }
  }

  private async withContext(
    reference: Partial<ConversationReference>,
    logic: (ctx: TurnContext) => Promise<string>,
  ): Promise<string> {
    let result = '';
    // The adapter hands errors thrown inside the callback to its onTurnError (teams-ai installs one) and
    // does not rethrow them: catch them here, or a refused send would look like a success.
    let failure: { err: unknown } | undefined;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (ctx) => {
        try {
          this.withoutPipelineRetries(ctx);
          result = await logic(ctx);
        } catch (err) {
          failure = { err };
        }
      });
    } catch (err) {
      throw toTeamsSendError(err);
    }
    if (failure) throw toTeamsSendError(failure.err);
    return result;
  }
}

/** The shape of botbuilder's connector client this transport reaches into (botframework-connector 4.23). */
interface PipelinedClient {
  client?: { pipeline?: { removePolicy(o: { phase: 'Retry' }): unknown } };
}

/** The card's id is how it is updated later: a send that returns none cannot be trusted as posted. */
function requireId(id: string | undefined): string {
  if (!id) throw new TeamsSendError(0, 'The Bot Connector accepted the message but returned no activity id.');
  return id;
}

export function toReference(ref: ConversationRef, conversationId: string): Partial<ConversationReference> {
  return {
    serviceUrl: ref.serviceUrl,
    channelId: ref.channelId,
    conversation: {
      id: conversationId,
      isGroup: ref.conversation.isGroup ?? ref.conversation.conversationType !== 'personal',
      conversationType: ref.conversation.conversationType ?? 'channel',
      tenantId: ref.conversation.tenantId,
      name: ref.conversation.name ?? '',
    },
    bot: ref.bot ? { id: ref.bot.id, name: ref.bot.name ?? '' } : undefined,
  };
}

export function toActivity(a: OutgoingActivity): Partial<Activity> {
  return {
    type: ActivityTypes.Message,
    text: a.text,
    summary: a.summary,
    attachments: a.card ? [CardFactory.adaptiveCard(a.card)] : undefined,
  };
}

interface RestLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
  body?: unknown;
  response?: { headers?: { get?: (name: string) => string | undefined }; bodyAsText?: string };
}

/** Maps botbuilder/core-http errors (RestError) to TeamsSendError with status, code and Retry-After. */
export function toTeamsSendError(err: unknown): TeamsSendError {
  if (err instanceof TeamsSendError) return err;
  const e = (err ?? {}) as RestLikeError;
  const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
  const retryAfter = e.response?.headers?.get?.('retry-after');
  const retryAfterMs = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  const teamsCode = errorCode(e);
  const message = status
    ? `Teams answered ${status}${teamsCode ? ` (${teamsCode})` : ''}: ${e.message ?? 'send failed'}`
    : `Could not reach the Bot Connector: ${e.message ?? String(err)}`;
  return new TeamsSendError(status, message, teamsCode, retryAfterMs, { cause: err });
}

function errorCode(e: RestLikeError): string | undefined {
  const fromBody = (body: unknown): string | undefined => {
    const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
    return typeof code === 'string' ? code : undefined;
  };
  if (fromBody(e.body)) return fromBody(e.body);
  const text = e.response?.bodyAsText;
  if (text) {
    try {
      return fromBody(JSON.parse(text));
    } catch {
      return undefined; // Not JSON: the status alone says enough.
    }
  }
  return e.code && e.code !== 'RestError' ? e.code : undefined;
}
