import { createLogger } from '../../../src/log';
import { alertKey, cardKey, outboxKey, WATERMARK_KEY } from '../../../src/records';
import { MemoryStore, migrateToTenantKeys, scopeKey, tenantStore } from '../../../src/store';

const logger = createLogger({ level: 'silent' });

describe('tenantStore', () => {
  it('stores scoped kinds under the tenant segment and hides other tenants', async () => {
    const raw = new MemoryStore();
    const contoso = tenantStore(raw, 'contoso');
    const fabrikam = tenantStore(raw, 'fabrikam');
    await contoso.put(alertKey('a1'), { n: 1 });
    await fabrikam.put(alertKey('a1'), { n: 2 });
    await contoso.put(WATERMARK_KEY, { w: 'c' });
    expect((await raw.get('alert/contoso/a1'))?.value).toEqual({ n: 1 });
    expect((await raw.get('alert/fabrikam/a1'))?.value).toEqual({ n: 2 });
    expect((await raw.get('poller/contoso/watermark'))?.value).toEqual({ w: 'c' });
    expect(await contoso.get(alertKey('a1'))).toMatchObject({ key: 'alert/a1', value: { n: 1 } });
    expect(await fabrikam.get(WATERMARK_KEY)).toBeUndefined();
    expect((await contoso.list('alert/')).map((i) => [i.key, i.value])).toEqual([['alert/a1', { n: 1 }]]);
  });

  it('lists with after and limit inside the tenant, in key order', async () => {
    const raw = new MemoryStore();
    const t = tenantStore(raw, 't1');
    for (const id of ['a', 'b', 'c', 'd']) await t.put(cardKey(id), { id });
    await tenantStore(raw, 't0').put(cardKey('z'), {});
    await tenantStore(raw, 't2').put(cardKey('a'), {});
    const page = await t.list('card/', { after: cardKey('b'), limit: 1 });
    expect(page.map((i) => i.key)).toEqual(['card/c']);
    expect((await t.list('card/', { reverse: true })).map((i) => i.key)).toEqual([
      'card/d',
      'card/c',
      'card/b',
      'card/a',
    ]);
  });

  it('passes shared kinds through and refuses a prefix that would mix tenants', async () => {
    const raw = new MemoryStore();
    const t = tenantStore(raw, 't1');
    await t.put('sub/x', { s: 1 });
    expect((await raw.get('sub/x'))?.value).toEqual({ s: 1 });
    expect((await t.list('sub/')).map((i) => i.key)).toEqual(['sub/x']);
    await expect(t.list('')).rejects.toThrow(RangeError);
    await expect(t.list('al')).rejects.toThrow(/one kind at a time/);
  });

  it('batches and conditional writes keep their semantics', async () => {
    const raw = new MemoryStore();
    const t = tenantStore(raw, 't1');
    const etag = await t.put(alertKey('a'), 1);
    await t.batch([
      { op: 'put', key: alertKey('a'), value: 2, ifMatch: etag },
      { op: 'put', key: outboxKey(1, 0, 'a'), value: {} },
    ]);
    expect((await raw.list('outbox/t1/')).length).toBe(1);
    await expect(t.put(alertKey('a'), 3, { ifMatch: etag })).rejects.toThrow();
    await expect(t.batch([{ op: 'delete', key: alertKey('a'), ifMatch: etag }])).rejects.toThrow();
    expect((await t.get(alertKey('a')))?.value).toBe(2);
    expect(await t.delete(alertKey('a'))).toBe(true);
    expect(await raw.get('alert/t1/a')).toBeUndefined();
  });

  it('refuses a name that cannot be a key segment', () => {
    expect(() => tenantStore(new MemoryStore(), 'Contoso/x')).toThrow(RangeError);
    expect(() => tenantStore(new MemoryStore(), '')).toThrow(RangeError);
    expect(scopeKey('audit/1', 't')).toBe('audit/1');
    expect(scopeKey('corr/1', 't')).toBe('corr/t/1');
  });
});

describe('migrateToTenantKeys', () => {
  async function legacyStore(): Promise<MemoryStore> {
    const raw = new MemoryStore();
    await raw.put('alert/a1', { id: 'a1' });
    await raw.put('poller/watermark', { watermark: '2026-01-01T00:00:00Z' });
    await raw.put('card/a1', { posts: [] });
    await raw.put(outboxKey(5, 1, 'a1'), { alertId: 'a1' });
    await raw.put('corr/a1', { id: 'a1' });
    await raw.put('dlppolicy/default/d1', { names: ['HR'] });
    await raw.put('sub/s1', { id: 's1' });
    return raw;
  }

  it('moves every legacy record of a single-tenant store under the tenant, once', async () => {
    const raw = await legacyStore();
    const result = await migrateToTenantKeys(raw, 'contoso', ['contoso', 'fabrikam'], logger);
    expect(result).toEqual({ moved: 6, skipped: 0 });
    const t = tenantStore(raw, 'contoso');
    expect((await t.get(WATERMARK_KEY))?.value).toEqual({ watermark: '2026-01-01T00:00:00Z' });
    expect((await t.get('dlppolicy/d1'))?.value).toEqual({ names: ['HR'] });
    expect((await t.list('outbox/')).length).toBe(1);
    expect(await raw.get('alert/a1')).toBeUndefined();
    expect(await raw.get('poller/watermark')).toBeUndefined();
    expect((await raw.get('sub/s1'))?.value).toEqual({ id: 's1' });
    expect(await migrateToTenantKeys(raw, 'contoso', ['contoso'], logger)).toEqual({ moved: 0, skipped: 0 });
  });

  it('keeps the scoped record when both exist (an interrupted or concurrent move)', async () => {
    const raw = await legacyStore();
    await raw.put('alert/contoso/a1', { id: 'a1', newer: true });
    const result = await migrateToTenantKeys(raw, 'contoso', ['contoso'], logger);
    expect(result.skipped).toBe(1);
    expect((await raw.get('alert/contoso/a1'))?.value).toEqual({ id: 'a1', newer: true });
    expect(await raw.get('alert/a1')).toBeUndefined();
  });

  it('for the default tenant, leaves the policy cache where it already is', async () => {
    const raw = await legacyStore();
    await migrateToTenantKeys(raw, 'default', ['default'], logger);
    expect((await tenantStore(raw, 'default').get('dlppolicy/d1'))?.value).toEqual({ names: ['HR'] });
    expect((await tenantStore(raw, 'default').get(alertKey('a1')))?.value).toEqual({ id: 'a1' });
  });

  it('runs again when an old replica wrote a legacy watermark after the move', async () => {
    const raw = await legacyStore();
    await migrateToTenantKeys(raw, 'contoso', ['contoso'], logger);
    await raw.put('poller/watermark', { watermark: 'later' });
    await raw.delete('poller/contoso/watermark');
    await migrateToTenantKeys(raw, 'contoso', ['contoso'], logger);
    expect((await raw.get('poller/contoso/watermark'))?.value).toEqual({ watermark: 'later' });
  });
});
