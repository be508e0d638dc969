import type { TenantSim } from '../routes/context';

/**
 * The simulated tenants, by id, name and verified domain. The first is the default: the one the control
 * API and the top-level `Simulator` handle act on when no tenant is named (today's single tenant).
 */
export class TenantBook {
  private readonly byRef = new Map<string, TenantSim>();
  private readonly ordered: TenantSim[];

  constructor(tenants: readonly TenantSim[]) {
    if (tenants.length === 0) throw new Error('TenantBook: at least one tenant is required');
    this.ordered = [...tenants];
    for (const t of tenants) {
      for (const ref of [t.tenantId, t.name, ...t.domains]) {
        const key = ref.toLowerCase();
        const other = this.byRef.get(key);
        if (other && other !== t)
          throw new Error(`Tenants '${other.name}' and '${t.name}' are both named by '${ref}'.`);
        this.byRef.set(key, t);
      }
    }
  }

  get default(): TenantSim {
    return this.ordered[0] as TenantSim;
  }

  list(): readonly TenantSim[] {
    return this.ordered;
  }

  /** The tenant a reference names: its id (a GUID), its short name or one of its domains. */
  find(ref: string): TenantSim | undefined {
    return this.byRef.get(ref.trim().toLowerCase());
  }

  /** Like `find`, but throws a message that lists what is known. */
  get(ref: string): TenantSim {
    const t = this.find(ref);
    if (!t) {
      const known = this.ordered.slice(0, 5).map((x) => x.name);
      const more = this.ordered.length > 5 ? `, … (${this.ordered.length} in all)` : '';
      throw new Error(`No simulated tenant '${ref}' (known: ${known.join(', ')}${more}).`);
    }
    return t;
  }

  /** Consent revoked (true) or granted again (false), from now on. */
  setRevoked(ref: string, revoked: boolean): TenantSim {
    const t = this.get(ref);
    t.revoked = revoked;
    return t;
  }
}
