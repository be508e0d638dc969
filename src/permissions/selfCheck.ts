import type { FeatureAvailability } from '../cards';
import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import {
  canCall,
  featureReadiness,
  permissionForOperation,
  type Feature,
  type FeatureStatus,
  type GraphOperation,
} from '.';
import type { Logger } from '../log';
import { PermissionMissingError } from './error';

/** How often the token's roles are re-read (consent can change while the bot runs). Default 10 min. */
const REFRESH_MS = 10 * 60_000;

/** Options of `Permissions`. */
/** Readiness of one feature against the Graph token's roles. */
export interface FeatureState {
  ready: boolean;
  /** The application permission to grant (the least privileged alternative); empty when ready. */
  missing: string[];
  /** "ready", "missing X", "missing one of X, Y", or why it was not checked. */
  message: string;
  /** False when this configuration does not use the feature (a missing permission there is no problem). */
  inUse: boolean;
}

export interface PermissionsOptions {
  /**
   * Features the bot does not use in this configuration, with the reason (e.g. group access without
   * SOC_ANALYST_GROUP_ID). They are still checked and reported, but a missing permission there is no
   * problem. Default: none.
   */
  unused?: Partial<Record<Feature, string>>;
  /** Re-read period of the token's roles, ms. Default 10 min. */
  refreshMs?: number;
}

/**
 * The permission self-check: the app-only Graph token's `roles` claim against what each feature needs.
 * Features whose permission is missing are switched off on the cards with the reason, and the requests
 * they would send (which Graph would answer 403) are refused before they leave (`guard`).
 */
export class Permissions {
  private roles: string[] | undefined;
  private checkedAt = 0;
  private error: string | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly graph: { grantedRoles(): Promise<string[] | undefined> },
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: PermissionsOptions = {},
  ) {}

  /** Reads the roles now and schedules periodic re-reads. Never throws. */
  async refresh(): Promise<void> {
    await this.check();
    if (!this.timer) {
      this.timer = setInterval(() => void this.check(), this.options.refreshMs ?? REFRESH_MS);
      this.timer.unref();
    }
  }

  /** Reads the roles once (no timer): the doctor and tests. Never throws. */
  async check(): Promise<void> {
    try {
      this.roles = await this.graph.grantedRoles();
      this.error = undefined;
    } catch (err) {
      this.error = errorMessage(err);
      this.logger.warn({ err: this.error }, 'could not read the Graph token to check permissions');
    }
    this.checkedAt = this.clock.now();
    const off = Object.entries(this.report()).filter(([, f]) => !f.ready && f.inUse);
    if (off.length)
      this.logger.warn(
        { missing: Object.fromEntries(off.map(([k, f]) => [k, f.message])) },
        'features switched off',
      );
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  readiness(): Record<Feature, FeatureStatus> {
    return featureReadiness(this.roles);
  }

  /** False only when the token's roles are known and lack what `op` needs (Graph would answer 403). */
  allows(op: GraphOperation): boolean {
    return canCall(op, this.roles) !== false;
  }

  /** Throws `PermissionMissingError` instead of sending a request Graph would refuse. */
  guard(op: GraphOperation): void {
    if (this.allows(op)) return;
    const { feature, anyOf } = permissionForOperation(op);
    throw new PermissionMissingError(op, feature, anyOf);
  }

  /** For /status (JSON and card) and the doctor: every feature, ready or "missing X". */
  report(): Record<string, FeatureState> {
    const out: Record<string, FeatureState> = {};
    for (const [k, v] of Object.entries(this.readiness()) as Array<[Feature, FeatureStatus]>) {
      const unused = this.options.unused?.[k];
      const message = unused && !v.ready ? `${v.message} (not used: ${unused})` : v.message;
      out[k] = { ready: v.ready, missing: v.missing, message, inUse: !unused };
    }
    if (this.error)
      out.token = { ready: false, missing: [], message: `token unreadable: ${this.error}`, inUse: true };
    return out;
  }

  /** For cards: the reason per unavailable feature. */
  cardFeatures(): FeatureAvailability {
    const r = this.readiness();
    return {
      actions: r.actions.ready ? undefined : `missing Graph permission ${r.actions.missing.join(', ')}`,
      sit: r.sensitiveInfo.ready
        ? undefined
        : `missing Graph permission ${r.sensitiveInfo.missing.join(', ')}`,
    };
  }

  get lastCheckedAt(): number {
    return this.checkedAt;
  }
}
