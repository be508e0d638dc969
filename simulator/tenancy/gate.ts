import { SimHttpError, type TokenClaims } from '../http';
import type { TenantBook } from './book';

const WWW_AUTHENTICATE =
  'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';

/**
 * What Graph answers a valid token of a tenant it cannot serve:
 * - a tenant the simulator does not hold (only reachable with a token minted for a tenant that is gone):
 *   401 InvalidAuthenticationToken, as for any token Graph cannot validate;
 * - a tenant whose consent was revoked (the app's service principal removed): 401
 *   `Authorization_IdentityNotFound`, "The identity of the calling application could not be
 *   established." (Azure/Microsoft365R#184, OfficeDev/microsoft-teams-apps-company-communicator#591,
 *   microsoftgraph/contoso-airlines-teams-sample#2: Graph's answer when the app has no service principal
 *   or consent in the tenant). Tokens issued before the revocation are refused too: the simulator does
 *   not model the hour a real token may outlive a revocation, so a test sees the refusal at once.
 */
export function tenantGate(tenants: TenantBook): (claims: TokenClaims) => SimHttpError | undefined {
  return (claims) => {
    const t = tenants.find(claims.tid);
    if (!t || t.tenantId !== claims.tid.toLowerCase()) {
      return new SimHttpError(
        401,
        'InvalidAuthenticationToken',
        `Access token validation failure. Invalid issuer: tenant '${claims.tid}' is unknown.`,
        { 'WWW-Authenticate': WWW_AUTHENTICATE },
      );
    }
    if (t.revoked) {
      return new SimHttpError(
        401,
        'Authorization_IdentityNotFound',
        'The identity of the calling application could not be established.',
      );
    }
    return undefined;
  };
}
