import { isDlpAlert } from '../model';
import { keyOf, kindCode, kindName } from './keys';
import type { Identity } from './types';
import { RawIdentities, collectIdentities } from './walk';

/** The parts of an alert identity extraction reads (a `SecurityAlert`, or raw Graph JSON). */
export interface EvidenceCarrier {
  evidence?: unknown;
  serviceSource?: unknown;
  detectionSource?: unknown;
  productName?: unknown;
}

// One buffer for the whole process: extraction is synchronous and never re-entered.
const scratch = new RawIdentities();

function isDlp(alert: EvidenceCarrier): boolean {
  const a = alert as { serviceSource?: string; detectionSource?: string; productName?: string };
  return isDlpAlert({
    serviceSource: a.serviceSource ?? 'unknown',
    detectionSource: a.detectionSource,
    productName: a.productName,
  });
}

/**
 * Every identity an alert's evidence names (see `walk.ts` for the evidence types and fields), each key
 * once: when the same key is named as several kinds the strongest kind wins (a mailbox address that is
 * also the UPN is a `upn`), and the first spelling is kept for display. For DLP alerts, identities named
 * by `policyViolator` evidence are flagged and listed first. Never throws; malformed evidence yields
 * fewer identities.
 */
export function extractIdentities(alert: EvidenceCarrier): Identity[] {
  if (typeof alert !== 'object' || alert === null) return [];
  const dlp = isDlp(alert);
  collectIdentities(alert.evidence, scratch, dlp);
  return dedupe(scratch, dlp);
}

/** Identities from a filled buffer, deduplicated by key; violators first when `dlp`. */
export function dedupe(raw: RawIdentities, dlp: boolean): Identity[] {
  const out: Identity[] = [];
  let violators = 0;
  for (let i = 0; i < raw.n; i++) {
    const code = raw.kinds[i] as number;
    const display = raw.display(i);
    const key = keyOf(code, display.toLowerCase());
    const violator = dlp && raw.violator[i] === true;
    const seen = findByKey(out, key);
    if (seen === undefined) {
      const id: Identity = { kind: kindName(code), key, display };
      if (violator) {
        id.violator = true;
        violators++;
      }
      out.push(id);
      continue;
    }
    if (code < kindCode(seen.kind)) seen.kind = kindName(code);
    if (violator && !seen.violator) {
      seen.violator = true;
      violators++;
    }
  }
  return violators > 0 && violators < out.length ? violatorsFirst(out) : out;
}

function findByKey(list: Identity[], key: string): Identity | undefined {
  for (let i = 0; i < list.length; i++) if ((list[i] as Identity).key === key) return list[i];
  return undefined;
}

function violatorsFirst(list: Identity[]): Identity[] {
  const first: Identity[] = [];
  const rest: Identity[] = [];
  for (const id of list) (id.violator ? first : rest).push(id);
  return first.concat(rest);
}
