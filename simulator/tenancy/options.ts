import { createHash } from 'node:crypto';
import { z } from 'zod';
import { isScenarioName, TENANT_ID } from '../scenario';
import type { SimulatorOptions, TenantOptions } from '../types';

/** Largest number of simulated tenants (memory: each holds its scenario). */
export const MAX_TENANTS = 10_000;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The tenant as the simulator builds it: every default applied. */
export interface ResolvedTenant extends Omit<TenantOptions, 'domains' | 'scenario' | 'seed'> {
  domains: string[];
  scenario: string;
  seed: number;
}

const tenantSchema = z
  .object({
    tenantId: z.string().regex(GUID, 'must be a GUID (the Entra tenant id)'),
    name: z.string().regex(NAME, 'must match ^[a-z0-9][a-z0-9-]{0,31}$'),
    domains: z.array(z.string().min(3)).optional(),
    scenario: z.string().refine(isScenarioName, 'must be empty, demo, live or scale:<n>').optional(),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1)
      .optional(),
    revoked: z.boolean().optional(),
    roles: z.array(z.string().min(1)).optional(),
    trickleMs: z.number().int().min(10).max(3_600_000).optional(),
    listing: z.record(z.unknown()).optional(),
    fidelity: z.record(z.unknown()).optional(),
  })
  .strict();

/** A stable GUID for the i-th generated tenant (0-based), so tests and benchmarks can name it. */
export function generatedTenantId(i: number): string {
  return guidOf(`simulator-generated-tenant:${i}`);
}

/** The id a named tenant gets from the CLI: Contoso keeps TENANT_ID, any other name a stable GUID. */
export function namedTenantId(name: string): string {
  return name === 'contoso' ? TENANT_ID : guidOf(`simulator-named-tenant:${name}`);
}

function guidOf(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The tenants to build: the options' list, N generated ones, or today's single Contoso tenant.
 * Throws one error listing every bad entry (`tenants[3].tenantId: ...`, duplicates).
 */
export function resolveTenants(o: SimulatorOptions, scenario: string, seed: number): ResolvedTenant[] {
  if (o.tenants !== undefined && o.tenantCount !== undefined)
    throw new Error('startSimulator: give tenants or tenantCount, not both.');
  if (o.tenantCount !== undefined) return generated(o);
  if (o.tenants === undefined)
    return [{ tenantId: TENANT_ID, name: 'contoso', domains: domainsOf('contoso'), scenario, seed }];
  const problems: string[] = [];
  if (!Array.isArray(o.tenants) || o.tenants.length === 0 || o.tenants.length > MAX_TENANTS)
    throw new Error(`startSimulator: tenants must be a list of 1 to ${MAX_TENANTS} tenants.`);
  o.tenants.forEach((t, i) => {
    const r = tenantSchema.safeParse(t);
    if (!r.success)
      for (const issue of r.error.issues)
        problems.push(`tenants[${i}]${issue.path.map((p) => `.${p}`).join('')}: ${issue.message}`);
  });
  problems.push(...duplicates(o.tenants));
  if (problems.length > 0) throw new Error(`startSimulator: ${problems.join('; ')}.`);
  return o.tenants.map((t) => ({
    ...t,
    domains: t.domains ?? domainsOf(t.name),
    scenario: t.scenario ?? scenario,
    seed: t.seed ?? (t.tenantId.toLowerCase() === TENANT_ID ? seed : derivedSeed(seed, t.tenantId)),
  }));
}

function generated(o: SimulatorOptions): ResolvedTenant[] {
  const n = o.tenantCount as number;
  if (!Number.isInteger(n) || n < 1 || n > MAX_TENANTS)
    throw new Error(`startSimulator: tenantCount must be an integer in [1, ${MAX_TENANTS}], got ${n}.`);
  const scenario = o.tenantScenario ?? 'scale:10';
  if (!isScenarioName(scenario))
    throw new Error(`startSimulator: tenantScenario '${scenario}' is not empty, demo, live or scale:<n>.`);
  const trickleMs = o.tenantTrickleMs ?? 60_000;
  if (!Number.isInteger(trickleMs) || trickleMs < 10 || trickleMs > 3_600_000)
    throw new Error(`startSimulator: tenantTrickleMs must be an integer in [10, 3600000], got ${trickleMs}.`);
  const width = Math.max(3, String(n).length);
  return Array.from({ length: n }, (_, i) => {
    const tenantId = generatedTenantId(i);
    const name = `tenant-${String(i + 1).padStart(width, '0')}`;
    return {
      tenantId,
      name,
      domains: domainsOf(name),
      scenario,
      seed: derivedSeed(o.seed ?? 42, tenantId),
      trickleMs,
    };
  });
}

function duplicates(tenants: readonly TenantOptions[]): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  tenants.forEach((t, i) => {
    for (const ref of [t.tenantId, t.name, ...(t.domains ?? [])]) {
      if (typeof ref !== 'string') continue;
      const prev = seen.get(ref.toLowerCase());
      if (prev !== undefined && prev !== i)
        out.push(`tenants[${i}]: '${ref}' already names tenants[${prev}]`);
      else seen.set(ref.toLowerCase(), i);
    }
  });
  return out;
}

function domainsOf(name: string): string[] {
  return [`${name}.onmicrosoft.com`, `${name}.com`];
}

function derivedSeed(seed: number, tenantId: string): number {
  return (seed ^ createHash('sha256').update(tenantId.toLowerCase()).digest().readUInt32BE(0)) >>> 0;
}
