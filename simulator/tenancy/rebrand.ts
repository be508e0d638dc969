/**
 * Makes the scenario's Contoso data another tenant's: its tenant id, its names and its own object ids.
 *
 * The scenarios are written for one tenant (scenario/tenant.ts: TENANT_ID, contoso.com). A second
 * tenant gets the same stories with its own identity: `contoso` becomes the tenant's name in every
 * domain, UPN, NetBIOS name and URL; TENANT_ID becomes its id; and every other GUID (user, device and
 * alert ids, policy ids) is XOR-ed with a key drawn from the tenant id. XOR keeps the mapping its own
 * inverse, so the live feed, which runs on the scenario's own ids, can read the tenant's alerts back
 * (`toScenarioIds`). The SOC Analysts group keeps its id: the product's access configuration names it.
 */
import { createHash } from 'node:crypto';
import { SOC_ANALYSTS_GROUP_ID, TENANT_ID } from '../scenario';

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const SCENARIO_NAME = 'contoso';

/** How one tenant's data differs from the scenario's. */
export interface Brand {
  tenantId: string;
  /** Lower-case short name, e.g. `fabrikam`. */
  name: string;
}

/** True when the brand is the scenario's own tenant (nothing to rewrite: today's single tenant). */
export function isScenarioBrand(b: Brand): boolean {
  return b.tenantId.toLowerCase() === TENANT_ID && b.name === SCENARIO_NAME;
}

/** A deep copy of JSON data (alerts, rows, directory, truth) rewritten for the tenant. */
export function rebrand<T>(data: T, b: Brand): T {
  if (isScenarioBrand(b)) return data;
  const key = xorKey(b.tenantId);
  const text = JSON.stringify(data)
    .replace(GUID, (g) => mapGuid(g, key, TENANT_ID, b.tenantId.toLowerCase()))
    .replace(/contoso/gi, (m) => renamed(m, b.name));
  return JSON.parse(text) as T;
}

/** The inverse of `rebrand` for ids only (names are left as they are): what the live feed reads. */
export function toScenarioIds<T>(data: T, b: Brand): T {
  if (isScenarioBrand(b)) return data;
  const key = xorKey(b.tenantId);
  const text = JSON.stringify(data).replace(GUID, (g) =>
    mapGuid(g, key, b.tenantId.toLowerCase(), TENANT_ID),
  );
  return JSON.parse(text) as T;
}

function mapGuid(g: string, key: number[], from: string, to: string): string {
  const lower = g.toLowerCase();
  if (lower === from) return to;
  if (lower === SOC_ANALYSTS_GROUP_ID) return g;
  let i = 0;
  const mapped = lower.replace(/[0-9a-f]/g, (d) => (parseInt(d, 16) ^ (key[i++] as number)).toString(16));
  // The demo spells some ids in upper case (Graph's clients do): keep the spelling.
  return g === lower ? mapped : mapped.toUpperCase();
}

function xorKey(tenantId: string): number[] {
  const hex = createHash('sha256').update(`simulator-tenant:${tenantId.toLowerCase()}`).digest('hex');
  return [...hex.slice(0, 32)].map((c) => parseInt(c, 16));
}

/** `contoso` → `fabrikam`, `Contoso` → `Fabrikam`, `CONTOSO` → `FABRIKAM` (NetBIOS names). */
function renamed(match: string, name: string): string {
  if (match === match.toUpperCase()) return name.toUpperCase();
  if (match[0] === 'C') return name.charAt(0).toUpperCase() + name.slice(1);
  return name;
}
