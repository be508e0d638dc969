import { FakeClock } from '../../helpers/clocks';
import { StoreError } from '../../../src/errors';
import { silentLogger } from '../../../src/log';
import { leadershipSwitch, MeteredAuditLog, serviceLeaderTasks, stopTasks } from '../../../src/ops';
import { MemoryStore } from '../../../src/store/memory';

function recorder(name: string, log: string[]) {
  return {
    load: async () => void log.push(`${name}.load`),
    start: () => void log.push(`${name}.start`),
    stop: async () => void log.push(`${name}.stop`),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the leader tasks', () => {
  it('load the poller state, then start the poller, the notifier and the certificate watch in order', async () => {
    const log: string[] = [];
    const tasks = serviceLeaderTasks({
      poller: recorder('poller', log),
      notifier: recorder('notifier', log),
      certificate: recorder('certificate', log),
    });
    leadershipSwitch(tasks, silentLogger())(true);
    await settle();
    expect(log).toEqual(['poller.load', 'poller.start', 'notifier.start', 'certificate.start']);
  });

  it('stop every task when leadership is lost, so a follower never posts a notice', async () => {
    const log: string[] = [];
    const tasks = serviceLeaderTasks({
      poller: recorder('poller', log),
      notifier: recorder('notifier', log),
    });
    expect(tasks.map((t) => t.name)).toEqual(['poller', 'notifier']);
    leadershipSwitch(tasks, silentLogger())(false);
    await settle();
    expect(log.sort()).toEqual(['notifier.stop', 'poller.stop']);
    log.length = 0;
    await stopTasks(tasks);
    expect(log).toHaveLength(2);
  });
});

describe('the metered audit log', () => {
  it('counts each entry it writes by action and result', async () => {
    const counted: string[] = [];
    const audit = new MeteredAuditLog(
      new MemoryStore(),
      new FakeClock(),
      (a, r) => void counted.push(`${a}:${r}`),
    );
    await audit.record({ actor: { name: 'Megan' }, action: 'alert.enrich', alertId: 'a1', result: 'ok' });
    await audit.record({ actor: { name: 'Megan' }, action: '/comment', result: 'refused' });
    expect(counted).toEqual(['alert.enrich:ok', '/comment:refused']);
    expect(await audit.recent()).toHaveLength(2);
  });

  it('still counts the action when its audit line cannot be written', async () => {
    const store = new MemoryStore();
    store.put = async () => {
      throw new StoreError('store_unavailable', 'disk full');
    };
    const counted: string[] = [];
    const audit = new MeteredAuditLog(store, new FakeClock(), (a, r) => void counted.push(`${a}:${r}`));
    await expect(
      audit.record({ actor: { name: 'Megan' }, action: 'alert.setStatus', result: 'failed' }),
    ).rejects.toThrow('disk full');
    expect(counted).toEqual(['alert.setStatus:failed']);
  });
});
