import { z } from 'zod';
import { DEFENDER_SOURCE_NAMES, parseDefenderSources } from '../model';
import type { TenantSpec } from './types';

/** A tenant's short name (store keys, `tenants=`, cards). */
export const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** A GUID or a DNS name: what Entra (and the Azure SDK) accepts as a tenant. */
export const TENANT_ID =
  /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i;

const nonEmptyText = z.string().trim().min(1, 'must not be empty');

/** One entry of TENANTS_FILE. Unknown keys are refused: a typo (`tenantID`) must not be ignored. */
export const tenantEntrySchema = z
  .object({
    name: z
      .string()
      .regex(TENANT_NAME, 'must be 1-32 characters of a-z, 0-9 and "-", starting with a letter or digit'),
    tenantId: z
      .string()
      .trim()
      .regex(
        TENANT_ID,
        "must be the customer's Entra tenant id: a GUID or a verified domain such as contoso.onmicrosoft.com",
      ),
    displayName: nonEmptyText.pipe(z.string().max(100, 'must be at most 100 characters')).optional(),
    defenderSources: z
      .array(nonEmptyText)
      .min(1, 'must list at least one source (leave the key out for the default sources)')
      .transform((names, ctx) => {
        const { sources, unknown } = parseDefenderSources(names.join(','));
        if (unknown.length === 0) return [...sources];
        ctx.addIssue({
          code: 'custom',
          message: `unknown source(s) ${unknown.map((u) => `"${u}"`).join(', ')}: use ${DEFENDER_SOURCE_NAMES.join(', ')}`,
        });
        return z.NEVER;
      })
      .optional(),
    windowMinutes: z
      .number({ invalid_type_error: 'must be a whole number of minutes from 1 to 1440' })
      .int('must be a whole number of minutes from 1 to 1440')
      .min(1, 'must be from 1 to 1440 minutes')
      .max(1440, 'must be from 1 to 1440 minutes')
      .optional(),
    sensitiveDlpPolicies: z.array(nonEmptyText).optional(),
    analysts: z
      .array(nonEmptyText)
      .transform((a) => a.map((s) => s.toLowerCase()))
      .optional(),
  })
  .strict();

/** The entry as validated, without keys the file did not set (so equal specs compare equal). */
export function toSpec(parsed: z.infer<typeof tenantEntrySchema>): TenantSpec {
  const spec: TenantSpec = { name: parsed.name, tenantId: parsed.tenantId };
  if (parsed.displayName !== undefined) spec.displayName = parsed.displayName;
  if (parsed.defenderSources !== undefined) spec.defenderSources = parsed.defenderSources;
  if (parsed.windowMinutes !== undefined) spec.windowMinutes = parsed.windowMinutes;
  if (parsed.sensitiveDlpPolicies !== undefined) spec.sensitiveDlpPolicies = parsed.sensitiveDlpPolicies;
  if (parsed.analysts !== undefined) spec.analysts = parsed.analysts;
  return spec;
}
