import { pollFigures, pollsByTenant, type ListRequest } from '../../../bench/lib/tenantPolls';

const S = 1000;
const req = (at: number, tenantId: string, replica: string, status = 200): ListRequest => ({ at, tenantId, replica, status }); // prettier-ignore
const window = { tenants: ['t1', 't2'], intervalMs: 60 * S, graceMs: 10 * S, from: 0, to: 300 * S };

describe('the tenants benchmark’s reading of the request log', () => {
  it('groups one replica’s pages of a cycle into one poll, and a change of replica into a new one', () => {
    const polls = pollsByTenant([req(0, 't1', 'a'), req(200, 't1', 'a'), req(60 * S, 't1', 'a'), req(61 * S, 't1', 'b')], 60 * S); // prettier-ignore
    expect(polls.get('t1')!.map((p) => [p.at, p.replica])).toEqual([[0, 'a'], [60 * S, 'a'], [61 * S, 'b']]); // prettier-ignore
  });

  it('counts a poll late when it starts more than interval + 10 s after the previous one, and a tenant left unpolled at the end', () => {
    const log = [0, 60, 135, 195, 255].map((s) => req(s * S, 't1', 'a'));
    const t2 = [req(0, 't2', 'a'), req(60 * S, 't2', 'a')]; // then nothing for 240 s
    const f = pollFigures([...log, ...t2], window);
    expect(f).toMatchObject({ polls: 6, onTime: 4, worstGapMs: 75 * S, doublePolls: 0 });
  });

  it('leaves the takeover out of the share, times it, and does not count the dead replica’s last polls as doubles', () => {
    const kill = { at: 100 * S, replica: 'b', tenants: ['t2'] };
    const log = [
      ...[0, 60, 120, 180, 240, 300].map((s) => req(s * S, 't1', 'a')),
      req(0, 't2', 'b'),
      req(60 * S, 't2', 'b'),
      req(125 * S, 't2', 'a'), // the takeover, 65 s after b's last poll: inside b's interval, b is dead
      req(185 * S, 't2', 'a'),
      req(245 * S, 't2', 'a'),
    ];
    const f = pollFigures(log, { ...window, kill });
    expect(f).toMatchObject({ takeoverMs: 25 * S, notTakenOver: 0, doublePolls: 0, onTime: 8, polls: 8 });
  });

  it('counts a list request while another live replica listed the tenant within the interval', () => {
    const f = pollFigures([req(0, 't1', 'a'), req(30 * S, 't1', 'b'), req(0, 't2', 'a')], { ...window, to: 50 * S }); // prettier-ignore
    expect(f.doublePolls).toBe(1);
    expect(f.takeoverMs).toBeNaN();
  });
});
