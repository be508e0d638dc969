import type { TenantDirectory, TenantScope } from '../../../src/bot/services';
import { splitAlertArgs } from '../../../src/bot/commands/args';
import { parseSubscribeArgs } from '../../../src/bot/commands/subscribe';
import {
  describeTenants,
  parseTenantList,
  takeOption,
  tenantOfAlert,
} from '../../../src/bot/commands/tenantArgs';

/** A directory of tenants whose read models track the given alert ids (nothing else is used). */
function directory(tracked: Record<string, string[]>): TenantDirectory {
  const scopes = Object.entries(tracked).map(
    ([name, ids]): TenantScope =>
      ({
        name,
        displayName: name[0]!.toUpperCase() + name.slice(1),
        tenantId: `${name}.onmicrosoft.com`,
        alerts: { tracked: async (id: string) => (ids.includes(id) ? { id } : undefined) },
      }) as unknown as TenantScope,
  );
  return {
    multiTenant: scopes.length > 1,
    list: () => scopes,
    get: (name) => scopes.find((s) => s.name === name),
  };
}

const two = directory({ contoso: ['da-1', 'da-both'], fabrikam: ['da-2', 'da-both'] });

describe('takeOption', () => {
  it('takes key=value from any position, case-insensitive, and leaves the rest', () => {
    expect(takeOption('severity>=high TENANT=contoso since=24h', 'tenant')).toEqual({
      value: 'contoso',
      rest: 'severity>=high since=24h',
    });
    expect(takeOption('since=24h', 'tenant')).toEqual({ rest: 'since=24h' });
  });

  it('refuses the option twice', () => {
    expect(takeOption('tenant=a tenant=b', 'tenant')).toEqual({ error: 'Give tenant= once.' });
  });
});

describe('splitAlertArgs', () => {
  it('reads tenant= before or right after the id, never inside the text', () => {
    expect(splitAlertArgs('da-1 tenant=contoso Looks fine')).toEqual({
      id: 'da-1',
      tenant: 'contoso',
      rest: 'Looks fine',
    });
    expect(splitAlertArgs('tenant=contoso da-1 Looks fine')).toEqual({
      id: 'da-1',
      tenant: 'contoso',
      rest: 'Looks fine',
    });
    expect(splitAlertArgs('da-1 Move to tenant=fabrikam?')).toEqual({
      id: 'da-1',
      rest: 'Move to tenant=fabrikam?',
    });
  });

  it('keeps the line breaks of the rest', () => {
    expect(splitAlertArgs('da-1 first\nsecond').rest).toBe('first\nsecond');
  });

  it('gives an empty id when there is none', () => {
    expect(splitAlertArgs('')).toEqual({ id: '', rest: '' });
    expect(splitAlertArgs('tenant=contoso')).toEqual({ id: '', tenant: 'contoso', rest: '' });
  });
});

describe('parseTenantList', () => {
  it('keeps configuration order and drops repeats', () => {
    expect(
      parseTenantList('fabrikam,contoso,fabrikam', directory({ contoso: [], fabrikam: [], initech: [] })),
    ).toEqual({
      ok: true,
      tenants: ['contoso', 'fabrikam'],
    });
  });

  it('stores "all" and every tenant named as every tenant ([]), and nothing as "keep"', () => {
    expect(parseTenantList('all', two)).toEqual({ ok: true, tenants: [] });
    expect(parseTenantList('Contoso,FABRIKAM', two)).toEqual({ ok: true, tenants: [] });
    expect(parseTenantList(undefined, two)).toEqual({ ok: true });
  });

  it('refuses unknown names, listing the known ones', () => {
    expect(parseTenantList('contoso,nope,zilch', two)).toEqual({
      ok: false,
      error: 'Unknown tenants "nope", "zilch". Known tenants: contoso, fabrikam.',
    });
    expect(parseTenantList(',', two)).toEqual({
      ok: false,
      error: 'Name at least one tenant: tenants=contoso,fabrikam.',
    });
  });
});

describe('parseSubscribeArgs', () => {
  it('reads the filter, sensitive and tenants= in any order', () => {
    expect(parseSubscribeArgs('tenants=fabrikam sensitive severity>=high', two)).toEqual({
      ok: true,
      filter: { minSeverity: 'high' },
      sensitive: true,
      tenants: ['fabrikam'],
    });
    expect(parseSubscribeArgs('', two)).toEqual({ ok: true, filter: {}, sensitive: false });
  });

  it('refuses an unknown tenant before anything else', () => {
    const r = parseSubscribeArgs('severity>=high tenants=initech', two);
    expect(r).toEqual({ ok: false, error: 'Unknown tenant "initech". Known tenants: contoso, fabrikam.' });
  });
});

describe('tenantOfAlert', () => {
  it('finds the one tenant tracking the id', async () => {
    expect((await tenantOfAlert({ tenants: two }, 'da-2', undefined))?.name).toBe('fabrikam');
    expect(await tenantOfAlert({ tenants: two }, 'da-none', undefined)).toBeUndefined();
  });

  it('asks to name the tenant when two track the id', async () => {
    await expect(tenantOfAlert({ tenants: two }, 'da-both', undefined)).rejects.toThrow(
      'Alert da-both exists in 2 tenants (contoso, fabrikam): name one with tenant=contoso.',
    );
  });

  it('takes a named tenant as is, and refuses an unknown one', async () => {
    expect((await tenantOfAlert({ tenants: two }, 'da-both', 'fabrikam'))?.name).toBe('fabrikam');
    await expect(tenantOfAlert({ tenants: two }, 'da-1', 'initech')).rejects.toThrow(
      'Unknown tenant "initech". Known tenants: contoso, fabrikam.',
    );
  });

  it('uses the only tenant without looking the id up', async () => {
    expect((await tenantOfAlert({ tenants: directory({ default: [] }) }, 'da-x', undefined))?.name).toBe(
      'default',
    );
  });
});

describe('describeTenants', () => {
  it('says all tenants, or the display names with the short names', () => {
    expect(describeTenants(undefined, two)).toBe('all tenants');
    expect(describeTenants(['fabrikam'], two)).toBe('Fabrikam (fabrikam)');
  });
});
