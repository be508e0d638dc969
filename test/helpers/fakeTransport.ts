import { TeamsSendError } from '../../src/errors';
import type { OutgoingActivity, TeamsTransport } from '../../src/notify';
import type { ConversationRef } from '../../src/subscriptions';

export interface SentOp {
  kind: 'send' | 'reply' | 'update';
  conversationId: string;
  activityId: string;
  rootId?: string;
  activity: OutgoingActivity;
}

/** An in-memory TeamsTransport recording every operation, with scripted failures. */
export class FakeTransport implements TeamsTransport {
  readonly ops: SentOp[] = [];
  private failures: Array<{
    status: number;
    code?: string;
    retryAfterMs?: number;
    kind?: SentOp['kind'];
    count: number;
  }> = [];
  private next = 1000;

  fail(
    status: number,
    o: { code?: string; retryAfterMs?: number; kind?: SentOp['kind']; count?: number } = {},
  ): void {
    this.failures.push({ status, ...o, count: o.count ?? 1 });
  }

  /** Drops every scripted failure not used yet. */
  clearFailures(): void {
    this.failures = [];
  }

  async send(ref: ConversationRef, activity: OutgoingActivity): Promise<string> {
    return this.record('send', ref, activity);
  }
  async reply(ref: ConversationRef, rootId: string, activity: OutgoingActivity): Promise<string> {
    return this.record('reply', ref, activity, rootId);
  }
  async update(ref: ConversationRef, activityId: string, activity: OutgoingActivity): Promise<void> {
    this.maybeFail('update');
    this.ops.push({ kind: 'update', conversationId: ref.conversation.id, activityId, activity });
  }

  roots(conversationId?: string): SentOp[] {
    return this.ops.filter(
      (o) => o.kind === 'send' && (!conversationId || o.conversationId === conversationId),
    );
  }

  private record(
    kind: SentOp['kind'],
    ref: ConversationRef,
    activity: OutgoingActivity,
    rootId?: string,
  ): string {
    this.maybeFail(kind);
    const activityId = String(this.next++);
    this.ops.push({ kind, conversationId: ref.conversation.id, activityId, rootId, activity });
    return activityId;
  }

  private maybeFail(kind: SentOp['kind']): void {
    const f = this.failures.find((x) => x.count > 0 && (!x.kind || x.kind === kind));
    if (!f) return;
    f.count--;
    throw new TeamsSendError(f.status, `fake ${f.status}`, f.code, f.retryAfterMs);
  }
}
