import { MemoryStore } from '../../../src/store';
import { alertKey } from '../../../src/records';
import { ReportService } from '../../../src/report';
import { defender, dlp, HOUR, T0 } from './fixtures';

/** The sensitive route holds in reports: what a conversation's cards may not show, its report omits. */
describe('the shift report and the routing rule', () => {
  async function storeWith(...alerts: ReturnType<typeof dlp>[]) {
    const store = new MemoryStore();
    for (const a of alerts) await store.put(alertKey(a.id), a);
    return store;
  }
  const general = dlp(T0 + HOUR);
  const hr = dlp(T0 + HOUR, { title: 'DLP policy match: HR case files' });
  const normal = defender(T0 + HOUR, [general], 'alice@contoso.com');
  const sensitive = defender(T0 + HOUR, [hr], 'bob@contoso.com');
  const window = { from: T0, to: T0 + 12 * HOUR, now: T0 + 12 * HOUR };

  it('leaves out of a conversation the alerts its routing rule keeps out, and asks about Defender alerts only', async () => {
    const asked: string[] = [];
    const reports = new ReportService({
      store: await storeWith(general, hr, normal, sensitive),
      routing: async (conversationId) => async (a) => {
        asked.push(`${conversationId}:${a.id}`);
        return a.id !== sensitive.id;
      },
    });
    const report = await reports.report({ ...window, conversationId: '19:general@thread.tacv2' });
    expect(report.total).toBe(1);
    expect(report.topUsers.map((u) => u.label)).toEqual(['alice@contoso.com']);
    expect(asked.sort()).toEqual(
      [`19:general@thread.tacv2:${normal.id}`, `19:general@thread.tacv2:${sensitive.id}`].sort(),
    );
  });

  it('shows every correlated alert where the rule lets them all show', async () => {
    const reports = new ReportService({
      store: await storeWith(general, hr, normal, sensitive),
      routing: async () => async () => true,
    });
    expect((await reports.report({ ...window, conversationId: '19:hr@thread.tacv2' })).total).toBe(2);
  });
});
