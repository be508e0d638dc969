import { isRecord } from '../../src/model';
import { badRequest, type RequestContext, type Route, SimHttpError } from '../http';
import type { DirectoryUser } from '../scenario';
import { findUser, memberGroups } from '../state';
import { ROLES, type SimContext, type TenantSim } from './context';
import { readOptions } from './odata';

const USER_PROPERTIES = [
  'id',
  'displayName',
  'givenName',
  'surname',
  'userPrincipalName',
  'mail',
  'jobTitle',
  'department',
  'businessPhones',
  'officeLocation',
  'preferredLanguage',
  'mobilePhone',
];
/** Graph's cap on group ids per checkMemberGroups call. */
const MAX_GROUP_IDS = 20;

/** `GET /users/{id|upn}` and `POST /users|directoryObjects/{id}/checkMemberGroups`. */
export function directoryRoutes(sim: SimContext): Route[] {
  const check = (ctx: RequestContext) => checkMemberGroups(sim.tenantOf(ctx), ctx);
  return [
    {
      method: 'GET',
      pattern: '/v1.0/users/{id}',
      kind: 'graph',
      roles: ROLES.usersRead,
      handle: (ctx) => getUser(sim.tenantOf(ctx), ctx),
    },
    {
      method: 'POST',
      pattern: '/v1.0/users/{id}/checkMemberGroups',
      kind: 'graph',
      roles: ROLES.groupMembers,
      handle: check,
    },
    {
      method: 'POST',
      pattern: '/v1.0/directoryObjects/{id}/checkMemberGroups',
      kind: 'graph',
      roles: ROLES.groupMembers,
      handle: check,
    },
  ];
}

function resourceNotFound(id: string): SimHttpError {
  return new SimHttpError(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function userResource(u: DirectoryUser): Record<string, unknown> {
  return {
    id: u.id,
    displayName: u.displayName,
    givenName: u.givenName,
    surname: u.surname,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail,
    jobTitle: u.jobTitle,
    department: u.department,
    businessPhones: [],
    officeLocation: null,
    preferredLanguage: 'en-US',
    mobilePhone: null,
  };
}

function getUser(sim: TenantSim, ctx: RequestContext) {
  const options = readOptions(ctx.query, ['$select']);
  const id = ctx.params.id as string;
  const user = findUser(sim.directory, id);
  if (!user) throw resourceNotFound(id);
  const full = userResource(user);
  const select = options.get('$select');
  let body: Record<string, unknown> = full;
  if (select !== undefined) {
    const wanted = select
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = wanted.find((w) => !USER_PROPERTIES.includes(w));
    if (unknown)
      throw badRequest(`Could not find a property named '${unknown}' on type 'microsoft.graph.user'.`);
    body = Object.fromEntries(wanted.map((w) => [w, full[w]]));
  }
  return { status: 200, body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#users/$entity`, ...body } };
}

function checkMemberGroups(sim: TenantSim, ctx: RequestContext) {
  readOptions(ctx.query, []);
  const id = ctx.params.id as string;
  const body = ctx.body;
  if (!isRecord(body) || !Array.isArray(body.groupIds) || body.groupIds.some((g) => typeof g !== 'string')) {
    throw badRequest(`The request body must be {"groupIds": [<group object ids>]}.`);
  }
  const groupIds = body.groupIds as string[];
  if (groupIds.length === 0 || groupIds.length > MAX_GROUP_IDS) {
    throw badRequest(`groupIds must hold between 1 and ${MAX_GROUP_IDS} group ids (got ${groupIds.length}).`);
  }
  const user = findUser(sim.directory, id);
  if (!user) throw resourceNotFound(id);
  const value = memberGroups(sim.directory, user.id, groupIds);
  return {
    status: 200,
    body: { '@odata.context': `${ctx.baseUrl}/v1.0/$metadata#Collection(Edm.String)`, value },
  };
}
