/**
 * Sensitive information types (Microsoft's built-in ids and names) and fake detected values that pass
 * the same checksums Purview applies (Luhn, IBAN mod 97, ABA). The values are invented test data; they
 * exist so leak tests can prove the bot never shows, logs or stores them.
 */
import type { Rng } from './rng';

export interface SensitiveInfoType {
  id: string;
  name: string;
  generate(rng: Rng): string;
}

function luhnComplete(prefix: string, length: number, rng: Rng): string {
  let body = prefix + rng.digits(length - prefix.length - 1);
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  body += String((10 - (sum % 10)) % 10);
  return body;
}

function group4(digits: string, sep: string): string {
  return (digits.match(/.{1,4}/g) as string[]).join(sep);
}

function creditCard(rng: Rng): string {
  const prefix = rng.pick(['4539', '4916', '5425', '5105', '2221']);
  return group4(luhnComplete(prefix, 16, rng), rng.pick([' ', '-', '']));
}

function euDebitCard(rng: Rng): string {
  return group4(luhnComplete(rng.pick(['5018', '5020', '6759', '6761']), 16, rng), ' ');
}

function ssn(rng: Rng): string {
  let area = rng.int(1, 899);
  if (area === 666) area = 667;
  return `${String(area).padStart(3, '0')}-${String(rng.int(1, 99)).padStart(2, '0')}-${String(rng.int(1, 9999)).padStart(4, '0')}`;
}

const IBAN_FORMATS: ReadonlyArray<readonly [string, (rng: Rng) => string]> = [
  ['DE', (r) => r.digits(18)],
  ['FR', (r) => r.digits(10) + r.hex(11).toUpperCase().replace(/[A-F]/g, '7') + r.digits(2)],
  ['NL', (r) => `${r.pick(['ABNA', 'INGB', 'RABO'])}${r.digits(10)}`],
  ['GB', (r) => `${r.pick(['NWBK', 'BARC', 'HBUK'])}${r.digits(14)}`],
];

/** ISO 13616 check digits: move the country code to the end, letters to numbers, 98 - (n mod 97). */
function ibanCheck(country: string, bban: string): string {
  const numeric = (bban + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  let rem = 0;
  for (const ch of numeric) rem = (rem * 10 + Number(ch)) % 97;
  return String(98 - rem).padStart(2, '0');
}

function iban(rng: Rng): string {
  const [country, bban] = rng.pick(IBAN_FORMATS);
  const b = bban(rng);
  return group4(`${country}${ibanCheck(country, b)}${b}`, ' ');
}

function abaRouting(rng: Rng): string {
  const first8 = rng.pick(['0110', '0210', '1210', '0260']) + rng.digits(4);
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  const sum = w.reduce((s, k, i) => s + k * Number(first8[i]), 0);
  return first8 + String((10 - (sum % 10)) % 10);
}

export const SITS = {
  creditCard: {
    id: '50842eb7-edc8-4019-85dd-5a5c1f2bb085',
    name: 'Credit Card Number',
    generate: creditCard,
  },
  ssn: {
    id: 'a44669fe-0d48-453d-a9b1-2cc83f2cba77',
    name: 'U.S. Social Security Number (SSN)',
    generate: ssn,
  },
  euDebit: {
    id: '0e9b3178-9678-47dd-a509-37222ca96b42',
    name: 'EU Debit Card Number',
    generate: euDebitCard,
  },
  iban: {
    id: 'e7dc4711-11b7-4cb0-b88b-2c394a771f0e',
    name: 'International Banking Account Number (IBAN)',
    generate: iban,
  },
  usBank: {
    id: 'a2ce32a8-f935-4bb6-8e96-2a5157672e2c',
    name: 'U.S. Bank Account Number',
    generate: (r: Rng) => r.digits(r.int(8, 12)),
  },
  aba: { id: 'cb353f78-2b72-4c3c-8827-92ebe4f69fdf', name: 'ABA Routing Number', generate: abaRouting },
} satisfies Record<string, SensitiveInfoType>;

/** A DLP policy and its rules, with the information types it looks for. */
export interface DlpPolicy {
  id: string;
  name: string;
  /** The Purview alert policy raised for this DLP policy (alerts_v2 `alertPolicyId`). */
  alertPolicyId: string;
  rules: Array<{ id: string; name: string; severity: 'Low' | 'Medium' | 'High' }>;
  sits: SensitiveInfoType[];
}

export const DLP_POLICIES: readonly DlpPolicy[] = [
  {
    id: '8f3e6a52-1c4d-4b7a-9e2f-6d5c4b3a2918',
    name: 'U.S. Financial Data',
    alertPolicyId: 'b1f4c2d8-6e3a-4f59-8c7d-2a1b0e9f8d7c',
    rules: [
      {
        id: 'c4a1e9b2-7d3f-4e8a-b6c5-1f0e2d3c4b5a',
        name: 'Low volume of U.S. Financial data',
        severity: 'Low',
      },
      {
        id: 'd5b2f0c3-8e4a-4f9b-a7d6-2a1f3e4d5c6b',
        name: 'High volume of U.S. Financial data',
        severity: 'High',
      },
    ],
    sits: [SITS.creditCard, SITS.usBank, SITS.aba],
  },
  {
    id: '2a7c9e1f-4b6d-4c8e-a0f2-3b5d7f9e1c3a',
    name: 'U.S. Personally Identifiable Information (PII) Data',
    alertPolicyId: 'e2a5d3c9-7f4b-4a6c-9d8e-3b2c1f0a9e8d',
    rules: [
      { id: 'e6c3a1d4-9f5b-4a0c-b8e7-3b2a4f5e6d7c', name: 'Low volume of U.S. PII', severity: 'Medium' },
      { id: 'f7d4b2e5-0a6c-4b1d-c9f8-4c3b5a6f7e8d', name: 'High volume of U.S. PII', severity: 'High' },
    ],
    sits: [SITS.ssn],
  },
  {
    id: '5d9b3f7a-2e8c-4d1f-b4a6-7c0e2a4b6d8f',
    name: 'GDPR Enhanced',
    alertPolicyId: 'f3b6e4d0-8a5c-4b7d-ae9f-4c3d2a1b0f9e',
    rules: [
      {
        id: '0a8e6c4b-2f1d-4e3a-9b5c-7d6e8f0a1b2c',
        name: 'EU financial data shared externally',
        severity: 'Medium',
      },
    ],
    sits: [SITS.iban, SITS.euDebit],
  },
  {
    id: '9c1e5a3b-7d2f-4a6e-8b0c-4f2a6c8e0b1d',
    name: 'PCI Data Security Standard (PCI DSS)',
    alertPolicyId: 'a4c7f5e1-9b6d-4c8e-bf0a-5d4e3b2c1a0f',
    rules: [
      {
        id: '1b9f7d5c-3a2e-4f4b-8c6d-8e7f9a1b2c3d',
        name: 'Card data leaving the organization',
        severity: 'High',
      },
    ],
    sits: [SITS.creditCard],
  },
];

/** One detected type in one DLP match: what the bot may show (type, counts, confidence) plus the values it must not. */
export interface SitMatch {
  sit: SensitiveInfoType;
  count: number;
  uniqueCount: number;
  confidence: 65 | 75 | 85;
  /** At most five sample values, as the audit record keeps; `count` may be larger. */
  values: string[];
}

export function confidenceLevel(c: 65 | 75 | 85): 'Low' | 'Medium' | 'High' {
  return c === 85 ? 'High' : c === 75 ? 'Medium' : 'Low';
}

export function drawSitMatches(rng: Rng, policy: DlpPolicy, high: boolean): SitMatch[] {
  const kinds = policy.sits.filter((_, i) => i === 0 || rng.chance(0.4));
  return kinds.map((sit) => {
    const unique = high ? rng.int(3, 40) : rng.int(1, 4);
    const values = Array.from({ length: Math.min(unique, 5) }, () => sit.generate(rng));
    const confidence = rng.weighted<65 | 75 | 85>([
      [85, 6],
      [75, 3],
      [65, 1],
    ]);
    return { sit, count: unique + rng.int(0, unique), uniqueCount: unique, confidence, values };
  });
}
