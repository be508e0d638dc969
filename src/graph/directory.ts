import { GraphError } from '../errors';
import { invalidArgument, malformedResponse } from './graphErrors';
import { isRecord } from '../model';
import type { RequestSpec } from './request';
import { isGuid, isObjectIdLike, isUpn } from './validate';

/** The user properties the bot reads. */
export interface GraphUser {
  id: string;
  userPrincipalName?: string;
  displayName?: string;
  mail?: string;
}

/** Graph takes at most 20 group ids per checkMemberGroups call. */
export const CHECK_MEMBER_GROUPS_BATCH = 20;

type Send = (spec: RequestSpec) => Promise<unknown>;

/** `POST /directoryObjects/{id}/checkMemberGroups` in batches of 20; returns the groups the user is in. */
async function checkMemberGroups(
  send: Send,
  userId: string,
  groupIds: string[],
  requestId: string,
  signal: AbortSignal | undefined,
): Promise<string[]> {
  if (!isObjectIdLike(userId))
    throw invalidArgument('checkMemberGroups', 'the user must be an Entra object id (a GUID)');
  if (!Array.isArray(groupIds))
    throw invalidArgument('checkMemberGroups', 'groupIds must be a list of GUIDs');
  const bad = groupIds.filter((g) => !isGuid(g));
  if (bad.length > 0) throw invalidArgument('checkMemberGroups', `${bad.length} group id(s) are not GUIDs`);
  const unique = [...new Set(groupIds.map((g) => g.toLowerCase()))];
  const member: string[] = [];
  for (let i = 0; i < unique.length; i += CHECK_MEMBER_GROUPS_BATCH) {
    const batch = unique.slice(i, i + CHECK_MEMBER_GROUPS_BATCH);
    const answer = await send({
      operation: 'checkMemberGroups',
      method: 'POST',
      url: `/directoryObjects/${encodeURIComponent(userId)}/checkMemberGroups`,
      logPath: '/directoryObjects/{id}/checkMemberGroups',
      body: { groupIds: batch },
      requestId,
      signal,
    });
    const value = isRecord(answer) ? answer.value : undefined;
    if (!Array.isArray(value)) throw malformedResponse('checkMemberGroups', requestId, 'no "value" list');
    member.push(...value.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()));
  }
  return member;
}

/** `GET /users/{id or UPN}` with the four properties we use; undefined on 404. */
async function getUser(
  send: Send,
  idOrUpn: string,
  requestId: string,
  signal: AbortSignal | undefined,
): Promise<GraphUser | undefined> {
  if (!isObjectIdLike(idOrUpn) && !isUpn(idOrUpn)) {
    throw invalidArgument('getUser', 'the user must be an Entra object id (GUID) or a user principal name');
  }
  try {
    const answer = await send({
      operation: 'getUser',
      method: 'GET',
      // The user's UPN stays out of the log; the client-request-id finds it in Graph's own logs.
      url: `/users/${encodeURIComponent(idOrUpn)}?$select=id,userPrincipalName,displayName,mail`,
      logPath: '/users/{id}',
      requestId,
      signal,
    });
    if (!isRecord(answer) || typeof answer.id !== 'string')
      throw malformedResponse('getUser', requestId, 'no user id');
    return {
      id: answer.id,
      userPrincipalName: optionalString(answer.userPrincipalName),
      displayName: optionalString(answer.displayName),
      mail: optionalString(answer.mail),
    };
  } catch (err) {
    if (err instanceof GraphError && err.status === 404) return undefined;
    throw err;
  }
}

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export const directoryOps = { checkMemberGroups, getUser };
