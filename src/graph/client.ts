import { randomUUID } from 'node:crypto';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import { GraphError, errorMessage } from '../errors';
import type { Logger } from '../log';
import { buildAlertPatch } from './alertUpdate';
import { checkLimits, GRAPH_SCOPE, type CallOptions, type GraphSecurityClientOptions } from './clientOptions';
import { directoryOps, type GraphUser } from './directory';
import { parseBaseUrl } from './endpoint';
import { invalidArgument, malformedResponse } from './graphErrors';
import { huntingOp, type HuntingResult } from './hunting';
import { rolesFromToken } from './jwt';
import { listByTime, type AlertListing, type ListOptions } from './alertListing';
import { alertPageUrl, MAX_TOP, readAlertPage, type AlertPage, type AlertPageQuery } from './alertPages';
import { isRecord, parseAlert } from '../model';
import { GraphRequester, type RequestSpec } from './request';
import { listMessagesSince, type MessageContainer, type TeamsMessage } from './teamsMessages';
import type { AlertComment, AlertUpdate, SecurityAlert } from '../model';
import { filterInstant, isAlertId } from './validate';

const PREFER = { Prefer: 'include-unknown-enum-members' };

/**
 * The Graph Security API v2, plus the two directory calls the bot needs, over the Graph JS client. Every
 * request carries a `client-request-id` that is also in our log lines; every failure is a `GraphError`
 * whose message says what to do.
 */
export class GraphSecurityClient {
  private readonly requester: GraphRequester;
  private readonly log: Logger;
  private readonly origin: string;

  constructor(private readonly o: GraphSecurityClientOptions) {
    const endpoint = parseBaseUrl(o.baseUrl);
    const limits = checkLimits(o);
    this.origin = endpoint.origin;
    this.log = o.logger.child({ component: 'graph' });
    this.requester = new GraphRequester({
      ...endpoint,
      ...limits,
      authProvider: new TokenCredentialAuthenticationProvider(o.credential, { scopes: [GRAPH_SCOPE] }),
      logger: this.log,
      onRequest: o.onRequest,
      fetch: o.fetch,
      headers: o.headers,
    });
  }

  /**
   * Every alert whose `lastUpdateDateTime` is after `since` (ISO 8601 with a zone), each once: read by
   * time-boundary paging as the poller reads (`alertListing.ts`), never through a nextLink or a `$skip`
   * past Graph's limit, with `Prefer: include-unknown-enum-members` and one `client-request-id` on every
   * page. Items that cannot be parsed are counted in `skipped`, never thrown.
   */
  async listAlertsChangedSince(since: string, o: ListOptions = {}): Promise<AlertListing> {
    const instant = filterInstant(since);
    if (!instant)
      throw invalidArgument('listAlerts', `since must be an ISO 8601 date-time with a zone, got "${since}"`);
    const top = o.pageSize ?? MAX_TOP;
    if (!Number.isInteger(top) || top < 1 || top > MAX_TOP)
      throw invalidArgument('listAlerts', `pageSize must be an integer in [1, ${MAX_TOP}], got ${top}`);
    const call: CallOptions = { signal: o.signal, requestId: o.requestId ?? randomUUID() };
    return listByTime((q) => this.listAlertsPage(q, call), instant, top, o);
  }

  /**
   * One time-ordered page (`$orderby=lastUpdateDateTime asc`, explicit `$top`): the poller's listing. See
   * `alertPages.ts` for why it never follows a nextLink.
   */
  async listAlertsPage(q: AlertPageQuery, o: CallOptions = {}): Promise<AlertPage> {
    const url = alertPageUrl(q);
    const requestId = o.requestId ?? randomUUID();
    const body = await this.send({
      operation: 'listAlerts',
      method: 'GET',
      url,
      logPath: `/security/alerts_v2 (${q.op} boundary${q.skip ? `, skip ${q.skip}` : ''})`,
      headers: PREFER,
      requestId,
      signal: o.signal,
    });
    return readAlertPage(body, requestId);
  }

  /** One alert, or undefined when Graph has none with this id (404). */
  async getAlert(id: string, o: CallOptions = {}): Promise<SecurityAlert | undefined> {
    const url = alertPath('getAlert', id);
    const requestId = o.requestId ?? randomUUID();
    try {
      const body = await this.send({
        operation: 'getAlert',
        method: 'GET',
        url,
        logPath: url,
        headers: PREFER,
        requestId,
        signal: o.signal,
      });
      const alert = parseAlert(body);
      if (!alert) throw malformedResponse('getAlert', requestId, 'something that is not an alert');
      return alert;
    } catch (err) {
      if (err instanceof GraphError && err.status === 404) return undefined;
      throw err;
    }
  }

  /** Posts ONE comment object; resolves with the alert's whole comment list as Graph returns it. */
  async addComment(id: string, text: string, o: CallOptions = {}): Promise<AlertComment[]> {
    const url = `${alertPath('addComment', id)}/comments`;
    if (typeof text !== 'string' || text.trim() === '')
      throw invalidArgument('addComment', 'the comment text is empty');
    const requestId = o.requestId ?? randomUUID();
    const body = { '@odata.type': 'microsoft.graph.security.alertComment', comment: text };
    const answer = await this.send({
      operation: 'addComment',
      method: 'POST',
      url,
      logPath: url,
      body,
      requestId,
      signal: o.signal,
      idempotent: false,
    });
    const value = isRecord(answer) ? answer.value : undefined;
    if (!Array.isArray(value)) {
      // Graph accepted the comment (2xx): report the odd answer, never make the caller post it twice.
      this.log.warn(
        { clientRequestId: requestId },
        'Graph accepted the comment but answered without a comment list',
      );
      return [];
    }
    return value.filter((c): c is AlertComment => isRecord(c) && typeof c.comment === 'string');
  }

  /** PATCHes the settable properties only (anything else in `update` is dropped); resolves with the alert. */
  async updateAlert(id: string, update: AlertUpdate, o: CallOptions = {}): Promise<SecurityAlert> {
    const url = alertPath('updateAlert', id);
    const patch = buildAlertPatch(update);
    if ('error' in patch) throw invalidArgument('updateAlert', patch.error);
    const requestId = o.requestId ?? randomUUID();
    if (patch.dropped.length > 0) {
      this.log.debug(
        { clientRequestId: requestId, dropped: patch.dropped },
        'dropped keys Graph cannot PATCH',
      );
    }
    const answer = await this.send({
      operation: 'updateAlert',
      method: 'PATCH',
      url,
      logPath: url,
      body: patch.body,
      headers: PREFER,
      requestId,
      signal: o.signal,
    });
    const alert = parseAlert(answer);
    if (alert) return alert;
    // Graph documents 200 with the alert; an empty 204 is still a success, so read the alert back.
    const fresh = await this.getAlert(id, o);
    if (!fresh) throw malformedResponse('updateAlert', requestId, 'success, but the alert is gone');
    return fresh;
  }

  /** Runs KQL through `POST /security/runHuntingQuery` (needs ThreatHunting.Read.All). */
  async runHuntingQuery(query: string, timespan?: string, o: CallOptions = {}): Promise<HuntingResult> {
    return huntingOp((spec) => this.send(spec), query, timespan, o.requestId ?? randomUUID(), o.signal);
  }

  /** Which of `groupIds` the user (an object id) is a transitive member of, lower-cased. */
  async checkMemberGroups(userId: string, groupIds: string[], o: CallOptions = {}): Promise<string[]> {
    const requestId = o.requestId ?? randomUUID();
    return directoryOps.checkMemberGroups((spec) => this.send(spec), userId, groupIds, requestId, o.signal);
  }

  /** A user by object id or UPN, or undefined (404). */
  async getUser(idOrUpn: string, o: CallOptions = {}): Promise<GraphUser | undefined> {
    return directoryOps.getUser((spec) => this.send(spec), idOrUpn, o.requestId ?? randomUUID(), o.signal);
  }

  /**
   * Messages of a team's channel (root messages only) or of a chat changed after `since`: how the notifier
   * finds a card of its own whose send was interrupted. Needs the RSC permission ChannelMessage.Read.Group
   * / ChatMessage.Read.Chat (in the app manifest) or a tenant-wide message read permission.
   */
  async listMessagesSince(
    where: MessageContainer,
    since: string,
    o: CallOptions = {},
  ): Promise<TeamsMessage[]> {
    return listMessagesSince(
      (spec) => this.send(spec),
      this.origin,
      where,
      since,
      o.requestId ?? randomUUID(),
      o.signal,
    );
  }

  /**
   * The application permissions in our current token (its `roles` claim); undefined when the token is not
   * a JWT. Uses the credential's cached token; the token itself is never logged or returned.
   */
  async grantedRoles(): Promise<string[] | undefined> {
    let token: string | undefined;
    try {
      token = (await this.o.credential.getToken(GRAPH_SCOPE))?.token;
    } catch (err) {
      throw new GraphError({
        status: 401,
        graphCode: err instanceof Error ? err.name : undefined,
        message: `Could not get a Graph token to read its roles: ${errorMessage(err)}`,
        cause: err,
      });
    }
    if (!token) throw new GraphError({ status: 401, message: 'The Graph credential returned no token.' });
    return rolesFromToken(token);
  }

  private send(spec: RequestSpec): Promise<unknown> {
    return this.requester.send(spec);
  }
}

function alertPath(operation: 'getAlert' | 'addComment' | 'updateAlert', id: string): string {
  if (!isAlertId(id)) throw invalidArgument(operation, `"${String(id).slice(0, 80)}" is not an alert id`);
  return `/security/alerts_v2/${encodeURIComponent(id)}`;
}
