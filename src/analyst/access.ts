import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import type { Logger } from '../log';
import type { AccessDecision, Analyst } from './types';

export interface AccessOptions {
  /** Entra object ids and UPNs (SOC_ANALYSTS), any case. */
  analysts: readonly string[];
  /** SOC_ANALYST_GROUP_ID. */
  groupId?: string;
  /** No BOT_ID: with no list and no group, everyone may act (the Playground); never in production. */
  localMode: boolean;
  /** Graph `checkMemberGroups`; returns the ids of `groupIds` the user is a member of. */
  checkMemberGroups?: (userObjectId: string, groupIds: string[]) => Promise<string[]>;
  clock: Clock;
  logger: Logger;
  /** How long a group membership answer is reused. Default 5 min. */
  cacheMs?: number;
}

/**
 * Who may act on alerts: members of SOC_ANALYSTS (object id or UPN) or of SOC_ANALYST_GROUP_ID. The
 * identity comes from the activity (authenticated by the Bot Connector in production), never from card
 * data, so editing a card cannot grant anything.
 */
export class AccessPolicy {
  private readonly cache = new Map<string, { member: boolean; until: number }>();
  /** Lower-cased here too: object ids and UPNs compare case-insensitively whoever built the options. */
  private readonly analysts: ReadonlySet<string>;
  /** SOC_ANALYSTS names someone by UPN: an actor whose UPN is not known yet cannot be judged. */
  private readonly byUpn: boolean;

  constructor(private readonly o: AccessOptions) {
    this.analysts = new Set(o.analysts.map((a) => a.trim().toLowerCase()).filter(Boolean));
    this.byUpn = [...this.analysts].some((a) => a.includes('@'));
  }

  /** True when nobody configured who the analysts are. */
  get unconfigured(): boolean {
    return this.analysts.size === 0 && !this.o.groupId;
  }

  async canAct(who: Analyst): Promise<AccessDecision> {
    if (this.unconfigured) {
      if (this.o.localMode) return { allowed: true, via: 'local mode (no BOT_ID): everyone may act' };
      return {
        allowed: false,
        reason:
          'Actions are off: no analysts are configured. The operator must set SOC_ANALYSTS (object ids or UPNs) ' +
          'or SOC_ANALYST_GROUP_ID.',
      };
    }
    const ids = [who.aadObjectId, who.upn].filter((v): v is string => !!v).map((v) => v.toLowerCase());
    if (ids.some((id) => this.analysts.has(id))) return { allowed: true, via: 'SOC_ANALYSTS' };
    if (this.o.groupId && who.aadObjectId && (await this.inGroup(who.aadObjectId)))
      return { allowed: true, via: 'SOC_ANALYST_GROUP_ID' };
    if (this.byUpn && !who.upn)
      // Not "not an analyst": the roster or Graph did not answer in time. Saying so keeps a listed
      // analyst from being told they are not one; the lookup goes on and fills the cache for a retry.
      return {
        allowed: false,
        unverified: true,
        reason:
          `Could not confirm that ${who.name} is a SOC analyst: SOC_ANALYSTS names analysts by user ` +
          'principal name, and yours could not be read from Teams or Graph yet. Nothing was changed; ' +
          'try again in a moment.',
      };
    return {
      allowed: false,
      reason: `${who.name} is not a SOC analyst for this bot (SOC_ANALYSTS / SOC_ANALYST_GROUP_ID). Nothing was changed.`,
    };
  }

  private async inGroup(objectId: string): Promise<boolean> {
    const key = objectId.toLowerCase();
    const now = this.o.clock.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.member;
    if (!this.o.checkMemberGroups || !this.o.groupId) return false;
    try {
      const member = (await this.o.checkMemberGroups(objectId, [this.o.groupId])).some(
        (g) => g.toLowerCase() === this.o.groupId!.toLowerCase(),
      );
      this.cache.set(key, { member, until: now + (this.o.cacheMs ?? 300_000) });
      return member;
    } catch (err) {
      // Fail closed: an unverifiable membership is no membership. Not cached, so the next try asks again.
      this.o.logger.warn({ err: errorMessage(err) }, 'group membership check failed; access refused');
      return false;
    }
  }
}
