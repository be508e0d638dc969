/**
 * Who "Assign to…" means: the people picker sends an Entra object id, the text fallback a UPN; both are
 * resolved to a UPN (what Graph's `assignedTo` holds) through the conversation's roster, so only people
 * who can see the card are assignable. The picked object id goes through the actor directory (the
 * per-replica roster cache with its per-conversation read budget, then Graph's `GET /users/{id}`, which
 * needs User.ReadBasic.All); when neither tells, the analyst is told to type the UPN instead.
 */
import { TeamsInfo, type TeamsChannelAccount, type TurnContext } from 'botbuilder';
import { CardActionError, errorMessage } from '../errors';
import type { ActorLookup } from './actors';

/** A person an alert can be assigned to. */
export interface Assignee {
  upn: string;
  name: string;
  /** Teams user id (`29:…`) when the roster gave one; the mention falls back to the object id. */
  teamsId?: string;
  aadObjectId?: string;
}

export interface AssigneeInput {
  /** From the people picker: an Entra object id (lower-cased GUID). */
  aadObjectId?: string;
  /** From the text input: a UPN. */
  upn?: string;
}

/** Roster pages read at most when matching a typed UPN (500 members each). */
const MAX_ROSTER_PAGES = 10;

function fromMember(m: TeamsChannelAccount): Assignee | undefined {
  const upn = m.userPrincipalName || m.email;
  if (!upn) return undefined;
  return { upn, name: m.name || upn, teamsId: m.id, aadObjectId: m.aadObjectId };
}

/** A picked person's lookup may use half of the card action's 2 s deadline (an ordinary actor lookup: 500 ms). */
const PICKED_LOOKUP_BUDGET_MS = 1000;

/** Resolves the picker's object id (preferred) or the typed UPN. Throws a CardActionError that says why not. */
export async function findAssignee(
  turn: TurnContext,
  input: AssigneeInput,
  actors: ActorLookup,
): Promise<Assignee> {
  if (input.aadObjectId) return byObjectId(turn, input.aadObjectId, actors);
  if (input.upn) return byUpn(turn, input.upn);
  throw new CardActionError('Pick a person, or type their user principal name, before assigning.');
}

async function byObjectId(turn: TurnContext, id: string, actors: ActorLookup): Promise<Assignee> {
  const user = await actors.user(id, turn, { budgetMs: PICKED_LOOKUP_BUDGET_MS });
  if (user?.upn)
    return {
      upn: user.upn,
      name: user.name || user.upn,
      teamsId: user.teamsId,
      aadObjectId: user.aadObjectId,
    };
  throw new CardActionError(
    'The person picked is not a member of this conversation: type their user principal name instead. ' +
      '(Reading someone outside the roster from the directory needs the Graph permission User.ReadBasic.All; ' +
      'without it, or when Teams and Graph do not answer in time, only the roster is used.)',
    'not_found',
  );
}

/** The typed UPN must be a member of this conversation (the same people the picker offers). */
async function byUpn(turn: TurnContext, upn: string): Promise<Assignee> {
  const wanted = upn.toLowerCase();
  let token: string | undefined;
  for (let page = 0; page < MAX_ROSTER_PAGES; page++) {
    const res = await TeamsInfo.getPagedMembers(turn, 500, token).catch((err: unknown) => {
      throw new CardActionError(
        `The bot could not read this conversation's members to check ${upn} (${errorMessage(err)}). Try again.`,
        'unavailable',
        { cause: err },
      );
    });
    const hit = res.members.find(
      (m) => m.userPrincipalName?.toLowerCase() === wanted || m.email?.toLowerCase() === wanted,
    );
    const found = hit && fromMember(hit);
    if (found) return found;
    token = res.continuationToken;
    if (!token) break;
  }
  throw new CardActionError(
    `${upn} is not a member of this conversation. Assign the alert to someone who can see this card.`,
    'not_found',
  );
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A Teams message that @mentions `who`: `<at>Name</at>` in the text plus a `mention` entity whose
 * `mentioned.id` is the user's Teams id (`29:…`) or, failing that, their Entra object id (Teams accepts
 * both; see "Channel and group chat conversations with a bot" → "Add mentions to your messages").
 */
export function mentionActivity(who: Assignee, text: (mention: string) => string) {
  const tag = `<at>${escapeXml(who.name)}</at>`;
  return {
    type: 'message' as const,
    text: text(tag),
    entities: [
      {
        type: 'mention',
        text: tag,
        mentioned: { id: who.teamsId ?? who.aadObjectId ?? who.upn, name: who.name },
      },
    ],
  };
}
