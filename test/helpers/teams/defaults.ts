/**
 * The default tenant every Teams-shaped test talks about: one bot, one team with two channels, three
 * users. Fixed values (not random) so that snapshots and cross-helper assertions stay stable. The fake
 * Bot Connector answers roster and team queries from the same data the activity builders put in
 * activities, as Teams would.
 */
import { channelThreadId, stableGuid, userMri } from './ids';

/** A Teams user as the roster APIs return it (`TeamsChannelAccount`). */
export interface TeamsMember {
  /** MRI, `29:1…`. */
  id: string;
  name: string;
  /** Entra object id (GUID). */
  aadObjectId: string;
  email: string;
  userPrincipalName: string;
  givenName: string;
  surname: string;
  /** `user`, `guest` or `anonymous`. */
  userRole: string;
  tenantId: string;
}

/** A channel of a team as `GET /v3/teams/{id}/conversations` lists it. The General channel has no name. */
export interface TeamsChannel {
  id: string;
  name?: string;
}

/** A team: its id is the General channel's thread id, as in Teams. */
export interface TeamsTeam {
  id: string;
  name: string;
  aadGroupId: string;
  channels: TeamsChannel[];
}

export const DEFAULT_TENANT_ID = stableGuid('tenant:contoso');

/** The bot: `id` is the Entra app id; Teams addresses it as `28:<id>`. */
export const DEFAULT_BOT = { id: stableGuid('bot:defender-dlp'), name: 'Defender DLP Bot' } as const;

function member(given: string, surname: string): TeamsMember {
  const upn = `${given}${surname[0]}@contoso.onmicrosoft.com`;
  return {
    id: userMri(upn),
    name: `${given} ${surname}`,
    aadObjectId: stableGuid(`user:${upn}`),
    email: upn,
    userPrincipalName: upn,
    givenName: given,
    surname,
    userRole: 'user',
    tenantId: DEFAULT_TENANT_ID,
  };
}

/** Three SOC analysts; the first is the default sender of built activities. */
export const DEFAULT_MEMBERS: readonly TeamsMember[] = [
  member('Megan', 'Bowen'),
  member('Alex', 'Wilber'),
  member('Adele', 'Vance'),
];

const teamId = channelThreadId('team:security-operations');

/**
 * The SOC team: the General channel (id = team id, no name) and "DLP Alerts". Built activities default
 * to "DLP Alerts", so a test catches any code that mixes up the team id and the channel id.
 */
export const DEFAULT_TEAM: TeamsTeam = {
  id: teamId,
  name: 'Security Operations',
  aadGroupId: stableGuid('group:security-operations'),
  channels: [{ id: teamId }, { id: channelThreadId('channel:dlp-alerts'), name: 'DLP Alerts' }],
};

/** The channel built activities use unless told otherwise ("DLP Alerts"). */
export const DEFAULT_CHANNEL_ID: string = DEFAULT_TEAM.channels[1]!.id;
