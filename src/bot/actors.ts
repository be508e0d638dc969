/**
 * Who acted: the identity Teams authenticated on the activity, completed (UPN, roster name) from the
 * per-replica `RosterCache`. A miss reads the roster (`TeamsInfo.getMember`, within the conversation's
 * roster budget) or, failing that, Graph (`GET /users/{id}`), and never holds a turn past `budgetMs`: a
 * slow lookup goes on in the background and fills the cache for the next click.
 */
import { TeamsInfo, type Activity, type TurnContext } from 'botbuilder';
import { errorMessage } from '../errors';
import type { GraphUser } from '../graph';
import { isObjectIdLike } from '../graph/validate';
import type { Logger } from '../log';
import type { KnownUser, RosterCache } from './rosterCache';

/** Who is acting. Always taken from the activity (authenticated by the Bot Connector), never from card data. */
export interface Actor {
  /** Teams user id (`29:…`). */
  id: string;
  /** Entra object id, when Teams sent one. */
  aadObjectId?: string;
  name: string;
  /** From the roster or Graph when known (used to attribute comments and to "assign to me"). */
  upn?: string;
}

/**
 * The port handlers use to learn who someone is (`BotServices.actors`). `resolve` for the actor of a
 * turn; `user` for anyone by Entra object id (e.g. a people picker's choice), same cache and budget.
 */
export interface ActorLookup {
  resolve(turn: TurnContext, o?: { budgetMs?: number }): Promise<Actor>;
  user(aadObjectId: string, turn?: TurnContext, o?: { budgetMs?: number }): Promise<KnownUser | undefined>;
}

export interface ActorDirectoryOptions {
  cache: RosterCache;
  /** Graph `GET /users/{id}` (guarded: refused at once without User.ReadBasic.All); absent = roster only. */
  graphUser?: (aadObjectId: string) => Promise<GraphUser | undefined>;
  logger: Logger;
  /** The longest a lookup may hold a turn, ms. Default `ACTOR_LOOKUP_BUDGET_MS`. */
  budgetMs?: number;
}

/** A card action answers within 2 s: the lookup may take a quarter of that before the action goes on. */
export const ACTOR_LOOKUP_BUDGET_MS = 500;

/** The actor as the activity names it, with no lookup (automatic refreshes, and the fallback). */
export function actorFromActivity(activity: Partial<Activity>): Actor {
  const from = activity.from;
  const aad = typeof from?.aadObjectId === 'string' && from.aadObjectId !== '' ? from.aadObjectId : undefined;
  return {
    id: typeof from?.id === 'string' ? from.id : '',
    aadObjectId: aad,
    name: typeof from?.name === 'string' && from.name.trim() !== '' ? from.name : 'Unknown user',
  };
}

export class ActorDirectory implements ActorLookup {
  constructor(private readonly o: ActorDirectoryOptions) {}

  async resolve(turn: TurnContext, o: { budgetMs?: number } = {}): Promise<Actor> {
    const actor = actorFromActivity(turn.activity);
    const key = cacheKey(actor.aadObjectId);
    // No usable object id (a forged or odd activity): attribute by what Teams sent, read nothing.
    if (!key || !actor.id) return actor;
    const known = await this.withinBudget(
      this.o.cache.fetch(key, () => this.load(turn, actor.id, actor.aadObjectId!)),
      o.budgetMs,
    );
    return {
      ...actor,
      name: known?.name ?? actor.name,
      ...(known?.upn ? { upn: known.upn } : {}),
    };
  }

  async user(
    aadObjectId: string,
    turn?: TurnContext,
    o: { budgetMs?: number } = {},
  ): Promise<KnownUser | undefined> {
    const key = cacheKey(aadObjectId);
    if (!key) return undefined;
    // Teams' getMember takes an Entra object id as well as an MRI.
    return this.withinBudget(
      this.o.cache.fetch(key, () => this.load(turn, aadObjectId, aadObjectId)),
      o.budgetMs,
    );
  }

  private async withinBudget(
    lookup: Promise<KnownUser | undefined>,
    budgetMs = this.o.budgetMs ?? ACTOR_LOOKUP_BUDGET_MS,
  ): Promise<KnownUser | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), Math.max(0, budgetMs));
    });
    const first = await Promise.race([lookup, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    this.o.logger.info({ budgetMs }, 'user lookup outlasted its budget; going on with the name Teams sent');
    return undefined;
  }

  /** Roster first (within the conversation's budget), then Graph; undefined when neither could tell. */
  private async load(
    turn: TurnContext | undefined,
    memberId: string,
    aadObjectId: string,
  ): Promise<KnownUser | undefined> {
    const fromRoster = turn ? await this.fromRoster(turn, memberId, aadObjectId) : undefined;
    return fromRoster ?? (await this.fromGraph(aadObjectId));
  }

  private async fromRoster(
    turn: TurnContext,
    memberId: string,
    aadObjectId: string,
  ): Promise<KnownUser | undefined> {
    const where = rosterConversation(turn.activity);
    if (!where || !this.o.cache.takeRead(where)) {
      this.o.logger.debug('roster read budget of this conversation is spent; not reading the roster');
      return undefined;
    }
    try {
      const m = await TeamsInfo.getMember(turn, memberId);
      // The roster must agree with the identity Teams authenticated; otherwise trust neither UPN nor name.
      if (m.aadObjectId && m.aadObjectId.toLowerCase() !== aadObjectId.toLowerCase()) {
        this.o.logger.warn('the roster answered for another user than the activity names; ignored');
        return undefined;
      }
      return known(aadObjectId, m.name, m.userPrincipalName || m.email, m.id);
    } catch (err) {
      this.o.logger.info({ err: errorMessage(err) }, 'roster read failed (who acted keeps the Teams name)');
      return undefined;
    }
  }

  private async fromGraph(aadObjectId: string): Promise<KnownUser | undefined> {
    if (!this.o.graphUser) return undefined;
    try {
      const u = await this.o.graphUser(aadObjectId);
      return u ? known(aadObjectId, u.displayName, u.userPrincipalName ?? u.mail) : undefined;
    } catch (err) {
      this.o.logger.info(
        { err: errorMessage(err) },
        'Graph user read failed (who acted keeps the Teams name)',
      );
      return undefined;
    }
  }
}

/**
 * The cache key: the Entra object id, lower-cased. Agents Playground's mock user sends a non-GUID id
 * (`00000000-0000-0000-0000-0000000000020`): any hex-and-dashes id is accepted; anything else (absent,
 * forged, oversized) is not looked up at all.
 */
function cacheKey(aadObjectId: string | undefined): string | undefined {
  return isObjectIdLike(aadObjectId) ? aadObjectId.toLowerCase() : undefined;
}

/**
 * Where Teams answers the roster read, and so whose limits it spends: in a channel `TeamsInfo.getMember`
 * reads the team's roster (`/v3/conversations/{team id}/members/{id}`), elsewhere the conversation's
 * (without a thread's `;messageid=`).
 */
function rosterConversation(activity: Partial<Activity>): string {
  const team = (activity.channelData as { team?: { id?: unknown } } | undefined)?.team?.id;
  if (typeof team === 'string' && team !== '') return team;
  return (activity.conversation?.id ?? '').split(';')[0]!;
}

function known(
  aadObjectId: string,
  name: string | undefined,
  upn: string | undefined,
  teamsId?: string,
): KnownUser {
  return {
    aadObjectId: aadObjectId.toLowerCase(),
    ...(name ? { name } : {}),
    ...(upn ? { upn } : {}),
    ...(teamsId ? { teamsId } : {}),
  };
}
