import type { FeatureAvailability } from '../cards';
import type { Clock } from '../clock';
import { errorMessage } from '../errors';
import { featureReadiness, type Feature, type FeatureStatus } from '../graph';
import type { Logger } from '../log';

/** How often the token's roles are re-read (consent can change while the bot runs). Default 10 min. */
const REFRESH_MS = 10 * 60_000;

/**
 * The permission self-check: the app-only Graph token's `roles` claim against what each feature needs.
 * Features whose permission is missing are switched off on the cards with the reason, instead of failing
 * at click time.
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
  ) {}

  /** Reads the roles now and schedules periodic re-reads. Never throws. */
  async refresh(): Promise<void> {
    try {
      this.roles = await this.graph.grantedRoles();
      this.error = undefined;
    } catch (err) {
      this.error = errorMessage(err);
      this.logger.warn({ err: this.error }, 'could not read the Graph token to check permissions');
    }
    this.checkedAt = this.clock.now();
    const missing = Object.entries(this.readiness()).filter(([, f]) => !f.ready);
    if (missing.length)
      this.logger.warn(
        { missing: Object.fromEntries(missing.map(([k, f]) => [k, f.message])) },
        'features switched off',
      );
    if (!this.timer) {
      this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  readiness(): Record<Feature, FeatureStatus> {
    return featureReadiness(this.roles);
  }

  /** For /status (JSON and card). */
  report(): Record<string, { ready: boolean; missing: string[]; message: string }> {
    const out: Record<string, { ready: boolean; missing: string[]; message: string }> = {};
    for (const [k, v] of Object.entries(this.readiness()))
      out[k] = { ready: v.ready, missing: v.missing, message: v.message };
    if (this.error) out.token = { ready: false, missing: [], message: `token unreadable: ${this.error}` };
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
