import { FakeClock } from '../../helpers/clocks';
import { RequestBudget, readWatermark } from '../../../src/poller';

describe('readWatermark', () => {
  it('carries a version-1 record over with its position', () => {
    const r = readWatermark({ watermark: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:01:00.000Z' });
    expect(r).toEqual({
      record: {
        version: 2,
        watermark: '2026-11-20T10:00:00.000Z',
        updatedAt: '2026-11-20T10:01:00.000Z',
        migratedFrom: 1,
      },
      migratedFrom: 1,
    });
  });

  it('reads a current record as is', () => {
    const v2 = { version: 2, watermark: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:01:00.000Z' };
    expect(readWatermark(v2)).toEqual({ record: v2 });
  });

  it('refuses an unreadable record rather than resetting it', () => {
    expect(() => readWatermark({ watermark: 'yesterday' })).toThrow(/poller\/watermark/);
    expect(() => readWatermark({ version: 9, watermark: '2026-11-20T10:00:00Z' })).toThrow(/version 9/);
  });

  it('has nothing to read before the first cycle', () => {
    expect(readWatermark(undefined)).toEqual({ record: undefined });
  });
});

describe('RequestBudget', () => {
  it('lets a burst through, then paces requests at the configured rate', async () => {
    const clock = new FakeClock(0);
    const budget = new RequestBudget(clock, 60, 2);
    await budget.take();
    await budget.take();
    let third = false;
    void budget.take().then(() => (third = true));
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    clock.advance(1000);
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(true);
  });
});
