/** The person acting, as Teams identified them (never taken from card data). */
export interface Analyst {
  /** Teams user id (`29:…`). */
  id: string;
  /** Entra object id. */
  aadObjectId?: string;
  name: string;
  upn?: string;
}

export type AccessDecision =
  | { allowed: true; via: string }
  /**
   * `unverified`: refused only because the actor's UPN is not known yet while SOC_ANALYSTS names analysts
   * by UPN. A caller that can wait for the user lookup asks again (`authorize` in src/bot/context.ts).
   */
  | { allowed: false; reason: string; unverified?: true };

/** One line of the audit log (`audit/<time>-<id>`). */
export interface AuditEntry {
  at: string;
  actor: { name: string; upn?: string; aadObjectId?: string };
  action: string;
  alertId?: string;
  /** The tenant of the alert (its short name): alert ids are only unique within one tenant. */
  tenant?: string;
  result: 'ok' | 'refused' | 'failed' | 'unchanged';
  detail?: string;
}
