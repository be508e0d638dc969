/**
 * Token endpoints: Entra's `POST /{tenant}/oauth2/v2.0/token` (client credentials) and the development
 * `POST /_sim/token`. Both issue a token naming the tenant (`tid`, `iss`), and both refuse an unknown or a
 * revoked tenant with Entra's error body:
 *   {"error", "error_description": "AADSTSnnn: …\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …",
 *    "error_codes": [nnn], "timestamp", "trace_id", "correlation_id", "error_uri"}
 * (shape: learn.microsoft.com/entra/identity-platform/reference-error-codes, "Handling error codes in your
 * application", and the token endpoint error page learn.microsoft.com/previous-versions/azure/dn645548).
 * Codes used:
 * - AADSTS90002, 400 invalid_request: "Tenant '…' not found" (seen in AzureAD/microsoft-authentication-
 *   library-for-dotnet#1270).
 * - AADSTS7000229, 401 invalid_client: "The client application … is missing service principal in the
 *   tenant …": what a client-credentials request gets once the customer removed the app's enterprise
 *   application, i.e. revoked consent (Azure/azure-sdk-for-net#46762, Azure/Commercial-Marketplace-SaaS-
 *   Accelerator#830).
 * - AADSTS900144, 400 invalid_request: a required form parameter is missing (grant_type, client_id, scope).
 * - AADSTS70011, 400 invalid_scope: a scope other than `https://graph.microsoft.com/.default`.
 * - AADSTS7000216, 400 invalid_request: no client_secret or client_assertion for client_credentials.
 * - AADSTS70003, 400 unsupported_grant_type.
 * The simulator checks that a secret or an assertion is sent, never its value: it stands in for Entra
 * only on loopback, and the product's credentials are not its to verify.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { APP_ID, badRequest, type RequestContext, type Route, type RouteResult } from '../http';
import type { SimContext, TenantSim } from '../routes/context';

const GRAPH_DEFAULT_SCOPE = 'https://graph.microsoft.com/.default';

const devTokenBody = z
  .object({
    roles: z.array(z.string().min(1)).optional(),
    ttlSeconds: z.number().int().positive().max(86_400).optional(),
    /** The tenant: its id, short name or a verified domain. Default: the first tenant. */
    tenant: z.string().min(1).optional(),
  })
  .strict();

class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** `POST /{tenant}/oauth2/v2.0/token` and `POST /_sim/token`. */
export function tokenRoutes(sim: SimContext): Route[] {
  return [
    {
      method: 'POST',
      pattern: '/_sim/token',
      kind: 'token',
      handle: (ctx) => answer(sim, () => devToken(sim, ctx)),
    },
    {
      method: 'POST',
      pattern: '/{tenant}/oauth2/v2.0/token',
      kind: 'token',
      handle: (ctx) => answer(sim, () => clientCredentials(sim, ctx)),
    },
  ];
}

function answer(sim: SimContext, issue: () => RouteResult): RouteResult {
  try {
    return issue();
  } catch (err) {
    if (!(err instanceof EntraError)) throw err;
    return {
      status: err.status,
      body: entraErrorBody(err, sim.now()),
      headers: { 'Cache-Control': 'no-store' },
    };
  }
}

/** The development endpoint: JSON `{}` or `{"roles"?, "ttlSeconds"?, "tenant"?}`. */
function devToken(sim: SimContext, ctx: RequestContext): RouteResult {
  const r = devTokenBody.safeParse(ctx.body ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw badRequest(
      `Invalid token request (send {} or {"roles": [...], "ttlSeconds": n, "tenant": "<id, name or domain>"}): ${issues}`,
    );
  }
  const tenant = r.data.tenant === undefined ? sim.tenants.default : usableTenant(sim, r.data.tenant, ctx);
  ctx.tenantId = tenant.tenantId;
  return issued(sim, tenant, r.data.roles, r.data.ttlSeconds ?? sim.tokenTtlSeconds);
}

/** Entra's client-credentials grant: form-encoded `grant_type`, `client_id`, `scope`, and a secret or an assertion. */
function clientCredentials(sim: SimContext, ctx: RequestContext): RouteResult {
  const tenant = usableTenant(sim, ctx.params.tenant as string, ctx);
  const form = ctx.body instanceof URLSearchParams ? ctx.body : new URLSearchParams();
  const need = (name: string): string => {
    const v = form.get(name);
    if (!v)
      throw new EntraError(
        400,
        'invalid_request',
        900144,
        `The request body must contain the following parameter: '${name}'.`,
      );
    return v;
  };
  const grant = need('grant_type');
  if (grant !== 'client_credentials')
    throw new EntraError(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grant}'.`,
    );
  need('client_id');
  const scope = need('scope');
  if (scope.trim().toLowerCase() !== GRAPH_DEFAULT_SCOPE)
    throw new EntraError(
      400,
      'invalid_scope',
      70011,
      `The provided value for the input parameter 'scope' isn't valid. The scope ${scope} isn't valid. ` +
        `The client credentials flow takes '${GRAPH_DEFAULT_SCOPE}'.`,
    );
  if (!form.get('client_secret') && !form.get('client_assertion'))
    throw new EntraError(
      400,
      'invalid_request',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.",
    );
  return issued(sim, tenant, undefined, sim.tokenTtlSeconds);
}

/** The tenant a request names, refused as Entra refuses it when unknown or when consent was revoked. */
function usableTenant(sim: SimContext, ref: string, ctx: RequestContext): TenantSim {
  const tenant = sim.tenants.find(ref);
  if (!tenant)
    throw new EntraError(
      400,
      'invalid_request',
      90002,
      `Tenant '${ref}' not found. Check to make sure you have the correct tenant ID and are signing into the ` +
        'correct cloud. Check with your subscription administrator, this may happen if there are no active ' +
        'subscriptions for the tenant.',
    );
  ctx.tenantId = tenant.tenantId;
  if (tenant.revoked)
    throw new EntraError(
      401,
      'invalid_client',
      7000229,
      `The client application ${APP_ID} is missing service principal in the tenant ${tenant.tenantId}. ` +
        'See instructions here: https://go.microsoft.com/fwlink/?linkid=2225119',
    );
  return tenant;
}

function issued(sim: SimContext, t: TenantSim, roles: string[] | undefined, ttl: number): RouteResult {
  const token = sim.tokens.issue(roles ?? t.roles ?? sim.roles(), ttl, t.tenantId);
  return {
    status: 200,
    body: { token_type: 'Bearer', access_token: token, expires_in: ttl, ext_expires_in: ttl },
    headers: { 'Cache-Control': 'no-store' },
  };
}

function entraErrorBody(e: EntraError, now: number): Record<string, unknown> {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = `${new Date(now).toISOString().slice(0, 19).replace('T', ' ')}Z`;
  return {
    error: e.error,
    error_description:
      `AADSTS${e.code}: ${e.message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\n` +
      `Timestamp: ${timestamp}`,
    error_codes: [e.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${e.code}`,
  };
}
