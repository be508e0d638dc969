import { rmSync } from 'node:fs';
import { TenantsFileWatch, type TenantSpec, type TenantsDiff } from '../../../src/tenants';
import { SteppingClock } from '../../helpers/clocks';
import { capturedLogger } from '../ops/logCapture';
import { CONTOSO, FABRIKAM, scratch } from './files';

const contoso: TenantSpec = { name: 'contoso', tenantId: CONTOSO };
const fabrikam: TenantSpec = { name: 'fabrikam', tenantId: FABRIKAM };
const yamlOf = (tenants: readonly object[]) =>
  'tenants:\n' +
  tenants
    .map((t) =>
      Object.entries(t)
        .map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${JSON.stringify(v)}`)
        .join('\n'),
    )
    .join('\n') +
  '\n';

function setup(initial: TenantSpec[] = [contoso]) {
  const files = scratch();
  const path = files.write('tenants.yaml', yamlOf(initial));
  const changes: Array<{ next: TenantSpec[]; diff: TenantsDiff }> = [];
  const { logger, lines } = capturedLogger();
  const clock = new SteppingClock();
  let onChange = (next: TenantSpec[], diff: TenantsDiff): void | Promise<void> =>
    void changes.push({ next, diff });
  const watch = new TenantsFileWatch({
    path,
    initial,
    clock,
    logger,
    onChange: (next, diff) => onChange(next, diff),
  });
  const errors = () => lines().filter((l) => l.level === 50);
  return {
    files,
    path,
    watch,
    changes,
    errors,
    lines,
    clock,
    write: (text: string) => files.write('tenants.yaml', text),
    setOnChange: (f: typeof onChange) => (onChange = f),
  };
}

describe('TenantsFileWatch', () => {
  let s: ReturnType<typeof setup>;
  afterEach(() => s.files.remove());

  it('calls nothing when the file still says what was loaded at start', async () => {
    s = setup();
    expect(await s.watch.checkOnce()).toBe('unchanged');
    expect(await s.watch.checkOnce()).toBe('unchanged');
    expect(s.changes).toEqual([]);
    expect(s.watch.current()).toEqual([contoso]);
  });

  it('applies a good edit with what it added, removed and changed', async () => {
    s = setup([contoso, { name: 'northwind', tenantId: 'northwind.onmicrosoft.com' }]);
    await s.watch.checkOnce();
    s.write(yamlOf([{ ...contoso, windowMinutes: 10 }, { ...fabrikam }]));
    expect(await s.watch.checkOnce()).toBe('applied');
    expect(s.changes).toEqual([
      {
        next: [{ ...contoso, windowMinutes: 10 }, fabrikam],
        diff: { added: ['fabrikam'], removed: ['northwind'], changed: ['contoso'] },
      },
    ]);
    expect(s.watch.current()).toEqual([{ ...contoso, windowMinutes: 10 }, fabrikam]);
    expect(s.watch.lastError()).toBeUndefined();
  });

  it('refuses a bad edit: logs every problem at error once, counts it, keeps the old set', async () => {
    s = setup();
    await s.watch.checkOnce();
    s.write(
      yamlOf([
        { name: 'Contoso!', tenantId: CONTOSO },
        { name: 'fabrikam', tenantId: 'x y' },
      ]),
    );
    expect(await s.watch.checkOnce()).toBe('refused');
    expect(await s.watch.checkOnce()).toBe('unchanged');
    expect(s.watch.current()).toEqual([contoso]);
    expect(s.changes).toEqual([]);
    expect(s.watch.refused).toBe(1);
    expect(s.errors()).toHaveLength(1);
    expect(s.errors()[0]).toMatchObject({
      msg: expect.stringContaining('tenants file edit refused (2 problems)'),
      issues: [
        expect.stringMatching(/^tenants\[0\] \(Contoso!, line 2\)\.name: /),
        expect.stringMatching(/^tenants\[1\] \(fabrikam, line 5\)\.tenantId: /),
      ],
    });
    expect(s.watch.lastError()).toEqual({
      at: new Date(s.clock.now()).toISOString(),
      issues: s.errors()[0]!.issues,
    });
  });

  it('takes the next good edit after a bad one and clears the error', async () => {
    s = setup();
    await s.watch.checkOnce();
    s.write('tenants: [');
    await s.watch.checkOnce();
    expect(s.watch.lastError()?.issues[0]).toMatch(/not valid YAML/);
    s.write(yamlOf([contoso, fabrikam]));
    expect(await s.watch.checkOnce()).toBe('applied');
    expect(s.watch.lastError()).toBeUndefined();
    expect(s.changes.map((c) => c.diff)).toEqual([{ added: ['fabrikam'], removed: [], changed: [] }]);
  });

  it('treats a deleted file as a bad edit, and its return with the same tenants as no change', async () => {
    s = setup();
    await s.watch.checkOnce();
    rmSync(s.path);
    expect(await s.watch.checkOnce()).toBe('refused');
    expect(await s.watch.checkOnce()).toBe('refused');
    expect(s.watch.refused).toBe(1);
    expect(s.watch.lastError()?.issues).toEqual([
      expect.stringMatching(/cannot be read .*ENOENT.*restore it/),
    ]);
    expect(s.watch.current()).toEqual([contoso]);
    s.write(yamlOf([contoso]));
    expect(await s.watch.checkOnce()).toBe('unchanged');
    expect(s.watch.lastError()).toBeUndefined();
    expect(s.changes).toEqual([]);
  });

  it('does not call anything for an edit that changes only comments or layout', async () => {
    s = setup();
    await s.watch.checkOnce();
    s.write(`# our customers\ntenants:\n  - { name: contoso, tenantId: "${CONTOSO}" }\n`);
    expect(await s.watch.checkOnce()).toBe('unchanged');
    expect(s.changes).toEqual([]);
  });

  it('keeps the old set and retries when applying a good edit fails', async () => {
    s = setup();
    await s.watch.checkOnce();
    s.setOnChange(() => Promise.reject(new Error('the lead said no')));
    s.write(yamlOf([contoso, fabrikam]));
    expect(await s.watch.checkOnce()).toBe('refused');
    expect(s.watch.current()).toEqual([contoso]);
    expect(s.errors()[0]).toMatchObject({ err: 'the lead said no', added: ['fabrikam'] });
    s.setOnChange((next, diff) => void s.changes.push({ next, diff }));
    expect(await s.watch.checkOnce()).toBe('applied');
    expect(s.watch.current()).toEqual([contoso, fabrikam]);
  });

  it('polls from start() until stop()', async () => {
    s = setup();
    s.write(yamlOf([contoso, fabrikam]));
    const applied = new Promise<TenantsDiff>((resolve) => s.setOnChange((_next, diff) => resolve(diff)));
    s.watch.start();
    s.watch.start(); // idempotent
    expect(await applied).toEqual({ added: ['fabrikam'], removed: [], changed: [] });
    await s.watch.stop();
    expect(s.clock.sleeps.every((ms) => ms === 2000)).toBe(true);
    expect(s.watch.current()).toEqual([contoso, fabrikam]);
  });
});
