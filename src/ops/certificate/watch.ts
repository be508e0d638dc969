import { createHash } from 'node:crypto';
import { sleepUnlessAborted, type Clock } from '../../clock';
import { BackgroundLoop } from '../../loop';
import { errorMessage, StoreConflictError } from '../../errors';
import type { Logger } from '../../log';
import type { Deliverer, TeamsTransport } from '../../notify';
import type { Subscription } from '../../subscriptions';
import type { Store } from '../../store/types';
import { certificateState, type CertificateInfo } from './certificate';
import {
  certificateNoticeCard,
  crossedThresholds,
  DEFAULT_CERTIFICATE_THRESHOLDS,
  describeExpiry,
  dueThreshold,
} from './notice';
import type { CertificateState } from '../status';
import { CERTIFICATE_NOTICE_PREFIX as KEY_PREFIX } from '../../records';

/** Dependencies and settings of `CertificateWatch`. */
export interface CertificateWatchOptions {
  /** The certificate as read at start (`readCertificate`). */
  certificate: CertificateInfo;
  store: Store;
  subscriptions: { list(): Promise<Subscription[]> };
  transport: TeamsTransport;
  /** The notifier's Deliverer: pacing, retries, Retry-After and the send metrics. */
  deliverer: Deliverer;
  clock: Clock;
  logger: Logger;
  /** Days before expiry at which every subscribed channel gets a notice, once each. Default 30, 7, 1. */
  thresholdsDays?: readonly number[];
  /** How often the leader re-checks the expiry, ms. Default 1 hour. */
  checkEveryMs?: number;
}

/** What the store remembers per certificate (`ops/certificate/<fingerprint hash>`). */
export interface CertificateNoticeRecord {
  fingerprint: string;
  expiresAt: string;
  /** Thresholds (days) already announced: a restart or another replica does not repeat them. */
  announced: number[];
  updatedAt: string;
}

/**
 * Watches the Graph client certificate's expiry: `/status` shows the days left, every replica logs a
 * warning at start when it is near, and the leader posts a notice card to every subscribed channel once
 * at each threshold. Announced thresholds are claimed in the store (eTag-conditional) before posting, so a
 * restart or a leadership change never posts the same notice twice.
 */
export class CertificateWatch {
  private readonly thresholds: readonly number[];
  private readonly loop = new BackgroundLoop('certificate watch');

  constructor(private readonly o: CertificateWatchOptions) {
    this.thresholds = o.thresholdsDays ?? DEFAULT_CERTIFICATE_THRESHOLDS;
  }

  /** For /status. */
  status(): CertificateState {
    return certificateState(this.o.certificate, this.o.clock.now());
  }

  /** Logs the expiry: a warning inside the largest threshold, an error once expired. */
  logExpiry(): void {
    const now = this.o.clock.now();
    const { expiresAt, daysLeft } = this.status();
    const line = { expiresAt, daysLeft, subject: this.o.certificate.subject };
    const expiry = describeExpiry(this.o.certificate, now);
    if (daysLeft < 0) this.o.logger.error(line, `the Graph client certificate ${expiry}: renew it now`);
    else if (daysLeft <= Math.max(...this.thresholds))
      this.o.logger.warn(line, `the Graph client certificate ${expiry}: renew it`);
    else this.o.logger.info(line, `the Graph client certificate ${expiry}`);
  }

  /**
   * Posts the notice when a threshold is due and not yet announced; returns the threshold announced.
   * Only the leader calls this.
   */
  async checkOnce(): Promise<number | undefined> {
    const now = this.o.clock.now();
    const daysLeft = (this.o.certificate.notAfter - now) / 86_400_000;
    const key =
      KEY_PREFIX + createHash('sha256').update(this.o.certificate.fingerprint).digest('hex').slice(0, 32);
    const current = await this.o.store.get<CertificateNoticeRecord>(key);
    const announced = current?.value.announced ?? [];
    const due = dueThreshold(daysLeft, this.thresholds, announced);
    if (due === undefined) return undefined;
    const subs = await this.o.subscriptions.list();
    if (subs.length === 0) {
      // Nobody to tell yet: the first channel to subscribe gets the notice at a later check.
      this.o.logger.debug({ threshold: due }, 'certificate notice waits for a subscribed channel');
      return undefined;
    }
    const claimed = await this.claim(
      key,
      current?.etag,
      [...new Set([...announced, ...crossedThresholds(daysLeft, this.thresholds)])],
      now,
    );
    if (!claimed) return undefined;
    this.logExpiry();
    const posted = await this.postEverywhere(subs, now);
    if (posted.ok === 0) {
      // Nobody got it (Teams down): give the threshold back so the next check tries again.
      await this.release(key, claimed, announced, now);
      return undefined;
    }
    this.o.logger.info(
      { threshold: due, channels: posted.ok, failed: posted.failed },
      'certificate notice posted',
    );
    return due;
  }

  /** Checks now and then every `checkEveryMs` until `stop()` (idempotent). */
  start(): void {
    this.loop.start((signal) => this.run(signal));
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.checkOnce();
      } catch (err) {
        this.o.logger.warn({ err: errorMessage(err) }, 'certificate expiry check failed; will retry');
      }
      await sleepUnlessAborted(this.o.clock, this.o.checkEveryMs ?? 3_600_000, signal);
    }
  }

  /** Writes the announced thresholds if nobody else did; returns the new eTag, or undefined if beaten. */
  private async claim(
    key: string,
    etag: string | undefined,
    announced: number[],
    now: number,
  ): Promise<string | undefined> {
    const record: CertificateNoticeRecord = {
      fingerprint: this.o.certificate.fingerprint,
      expiresAt: new Date(this.o.certificate.notAfter).toISOString(),
      announced: announced.sort((a, b) => b - a),
      updatedAt: new Date(now).toISOString(),
    };
    try {
      return await this.o.store.put(key, record, etag ? { ifMatch: etag } : { ifNoneMatch: '*' });
    } catch (err) {
      if (err instanceof StoreConflictError) return undefined; // another replica announced it
      throw err;
    }
  }

  private async release(key: string, etag: string, announced: number[], now: number): Promise<void> {
    await this.claim(key, etag, [...announced], now).catch((err: unknown) =>
      this.o.logger.error(
        { err: errorMessage(err) },
        'could not give the certificate notice back; it will not be retried',
      ),
    );
  }

  private async postEverywhere(subs: Subscription[], now: number): Promise<{ ok: number; failed: number }> {
    const card = certificateNoticeCard(this.o.certificate, now);
    const summary = `The bot's Microsoft Graph certificate ${describeExpiry(this.o.certificate, now)}`;
    let ok = 0;
    let failed = 0;
    for (const sub of subs) {
      try {
        await this.o.deliverer.run(sub.ref.conversation.id, 'send', () =>
          this.o.transport.send(sub.ref, { card, summary }),
        );
        ok++;
      } catch (err) {
        failed++;
        this.o.logger.warn(
          { subscription: sub.id, err: errorMessage(err) },
          'certificate notice not delivered',
        );
      }
    }
    return { ok, failed };
  }
}
