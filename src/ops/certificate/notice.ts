import { noticeCard, type AdaptiveCard } from '../../cards';
import type { CertificateInfo } from './certificate';

const DAY_MS = 86_400_000;

/** Days before expiry at which operators are told, once each. */
export const DEFAULT_CERTIFICATE_THRESHOLDS: readonly number[] = [30, 7, 1];

/**
 * The threshold to announce now, or undefined: the most urgent threshold already crossed (`daysLeft` at
 * or below it) that was not announced yet. A bot started 5 days before expiry posts the 7-day notice
 * only, not the 30-day one as well.
 */
export function dueThreshold(
  daysLeft: number,
  thresholds: readonly number[],
  announced: readonly number[],
): number | undefined {
  const crossed = thresholds.filter((t) => daysLeft <= t);
  if (crossed.length === 0) return undefined;
  const urgent = Math.min(...crossed);
  return announced.includes(urgent) ? undefined : urgent;
}

/** Every threshold crossed at `daysLeft` (all of them count as announced once the urgent one is). */
export function crossedThresholds(daysLeft: number, thresholds: readonly number[]): number[] {
  return thresholds.filter((t) => daysLeft <= t);
}

/** Days left as people say it ("in 5 days" for 4.99); under a day reads as "less than a day". */
export function describeExpiry(info: Pick<CertificateInfo, 'notAfter'>, now: number): string {
  const ms = info.notAfter - now;
  if (ms <= 0) return 'has expired';
  if (ms < DAY_MS) return 'expires in less than a day';
  const days = Math.round(ms / DAY_MS);
  return `expires in ${days} day${days === 1 ? '' : 's'}`;
}

/** The channel notice: what expires, when, and what to do. No key material, only public facts. */
export function certificateNoticeCard(info: CertificateInfo, now: number): AdaptiveCard {
  const expiry = describeExpiry(info, now);
  const when = new Date(info.notAfter).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const urgent = info.notAfter - now <= DAY_MS;
  return noticeCard({
    kind: urgent ? 'error' : 'warning',
    title: `The bot's Microsoft Graph certificate ${expiry}`,
    text: [
      `The client certificate the bot uses for Microsoft Graph (${info.subject}) ${expiry === 'has expired' ? 'expired' : 'expires'} on ${when}.`,
      'When it has expired the bot can no longer read alerts or act on them.',
      'The operator should add a new certificate to the app registration, replace the PEM file at ' +
        'AZURE_CLIENT_CERTIFICATE_PATH and restart the bot.',
    ].join('\n'),
  });
}
