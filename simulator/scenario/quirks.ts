/**
 * What real tenants send that a polite simulator would not (issue 17), planted into `demo` after its
 * stories are drawn (no random draws here, so every other alert stays as the seed made it):
 * - a correlated Defender alert from Microsoft Threat Intelligence, a serviceSource after
 *   `unknownFutureValue` that the simulator answers as `unknownFutureValue` even with the Prefer header
 *   (fidelity.unpublishedSources); its detectionSource still tells;
 * - a correlated Defender alert with serviceSource `unknown` whose detectionSource tells;
 * - a correlated Defender alert with neither enum set, only its productName;
 * - a Defender-only alert that nothing classifies (a source the bot cannot know).
 */
import type { SecurityAlert } from '../../src/model';
import type { CorrelationTruth } from './types';

/** Sources whose alerts carry a user in cloud evidence (a Threat Intelligence alert looks the same). */
const CLOUD_SOURCES = new Set(['microsoftDefenderForCloudApps', 'azureAdIdentityProtection']);

/** Plants the quirks into `alerts` (changed in place). Returns the ids it changed, by quirk. */
export function plantSourceQuirks(
  alerts: SecurityAlert[],
  truth: CorrelationTruth,
): Record<'unpublished' | 'unknown' | 'productOnly' | 'unclassified', string | undefined> {
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const matched = [...new Set(truth.matches.map((m) => m.defenderAlertId))]
    .map((id) => byId.get(id))
    .filter((a): a is SecurityAlert => a !== undefined);
  const used = new Set<string>();
  const pick = (test: (a: SecurityAlert) => boolean, pool: SecurityAlert[]): SecurityAlert | undefined => {
    const a = pool.find((x) => !used.has(x.id) && test(x));
    if (a) used.add(a.id);
    return a;
  };
  const ti = pick((a) => CLOUD_SOURCES.has(a.serviceSource), matched);
  if (ti) {
    Object.assign(ti, {
      serviceSource: 'microsoftThreatIntelligence',
      detectionSource: 'microsoftThreatIntelligence',
      productName: 'Microsoft Defender XDR',
      title: 'Sign-in from an IP address linked to a known threat actor',
    });
  }
  const unknown = pick((a) => a.serviceSource === 'microsoftDefenderForEndpoint', matched);
  if (unknown) unknown.serviceSource = 'unknown';
  const productOnly =
    pick((a) => a.serviceSource === 'microsoftDefenderForOffice365', matched) ??
    pick((a) => a.serviceSource === 'microsoftDefenderForIdentity', matched);
  if (productOnly) Object.assign(productOnly, { serviceSource: 'unknown', detectionSource: 'unknown' });
  const matchedIds = new Set(matched.map((a) => a.id));
  const loose = alerts.filter((a) => !matchedIds.has(a.id) && a.serviceSource === 'microsoft365Defender');
  const unclassified = pick(() => true, loose);
  if (unclassified) {
    // A source newer than both enums and a product name the bot has never seen.
    Object.assign(unclassified, {
      serviceSource: 'microsoftSecurityCopilot',
      detectionSource: 'securityCopilot',
      productName: 'Microsoft Security Copilot',
    });
  }
  return {
    unpublished: ti?.id,
    unknown: unknown?.id,
    productOnly: productOnly?.id,
    unclassified: unclassified?.id,
  };
}
