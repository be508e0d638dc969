/**
 * Runs one Teams turn in memory: a botbuilder TurnContext over an adapter that records what the bot sends,
 * with BotServices built from the analyst test world (real read model, analyst service, access, audit).
 */
import {
  ActivityTypes,
  BotAdapter,
  TurnContext,
  type Activity,
  type ConversationReference,
  type ResourceResponse,
} from 'botbuilder';
import { ActorDirectory } from '../../../src/bot/actors';
import { RosterCache } from '../../../src/bot/rosterCache';
import type { BotServices, TenantDirectory, TenantScope } from '../../../src/bot/services';
import { ReportService } from '../../../src/report';
import { silentLogger } from '../../../src/log';
import { SnoozeService } from '../../../src/analyst';
import { SnoozeBook } from '../../../src/notify';
import { SubscriptionRegistry } from '../../../src/subscriptions';
import type { StatusReport } from '../../../src/ops/status';
import type { World } from '../analyst/world';

/** Records every activity a turn sends (no network). */
export class RecordingAdapter extends BotAdapter {
  readonly sent: Array<Partial<Activity>> = [];

  async sendActivities(_context: TurnContext, activities: Partial<Activity>[]): Promise<ResourceResponse[]> {
    this.sent.push(...activities);
    return activities.map((_a, i) => ({ id: `sent-${this.sent.length + i}` }));
  }

  async updateActivity(): Promise<void> {
    throw new Error('not used by these tests');
  }

  async deleteActivity(): Promise<void> {
    throw new Error('not used by these tests');
  }

  async continueConversation(
    _reference: Partial<ConversationReference>,
    _logic: (context: TurnContext) => Promise<void>,
  ): Promise<void> {
    throw new Error('not used by these tests');
  }
}

/** The BotServices of a world (status is not needed by card actions). */
export function servicesOf(w: World): BotServices {
  const subscriptions = new SubscriptionRegistry(w.store, w.clock, w.logger);
  return {
    logger: silentLogger(),
    clock: w.clock,
    localMode: false,
    subscriptions,
    tenants: singleTenant(w),
    alerts: w.alerts,
    analyst: w.analyst,
    access: w.access,
    audit: w.audit,
    actors: new ActorDirectory({
      cache: new RosterCache({ now: () => w.clock.now() }),
      logger: silentLogger(),
    }),
    reports: new ReportService({ store: w.store }),
    snoozes: new SnoozeService({
      book: new SnoozeBook(w.store, w.clock, w.logger),
      subscriptions,
      clock: w.clock,
    }),
    status: async (): Promise<StatusReport> => {
      throw new Error('status is not part of these tests');
    },
  };
}

/** A turn for `activity` and the adapter that records its replies. */
export function turnFor(activity: object): { turn: TurnContext; adapter: RecordingAdapter } {
  const adapter = new RecordingAdapter();
  return { turn: new TurnContext(adapter, activity as Partial<Activity>), adapter };
}

/** The body of the invoke response the turn sent (`{ statusCode, type, value }`). */
export function invokeBody(adapter: RecordingAdapter): { statusCode: number; type: string; value: unknown } {
  const responses = adapter.sent.filter((a) => a.type === ActivityTypes.InvokeResponse);
  if (responses.length !== 1) throw new Error(`expected one invoke response, got ${responses.length}`);
  const value = responses[0]!.value as {
    status: number;
    body: { statusCode: number; type: string; value: unknown };
  };
  expect(value.status).toBe(200);
  return value.body;
}

/** The one tenant of a world, as a single-tenant deployment's directory shows it. */
export function singleTenant(w: World): TenantDirectory {
  const only: TenantScope = {
    name: 'default',
    displayName: 'default',
    tenantId: 'default',
    alerts: w.alerts,
    analyst: w.analyst,
  };
  return { multiTenant: false, list: () => [only], get: (name) => (name === only.name ? only : undefined) };
}

/** One tenant of a multi-tenant fixture: its world (store view, read model, analyst) and who may act. */
export interface TenantWorld {
  name: string;
  displayName?: string;
  tenantId: string;
  world: World;
  analysts?: string[];
}

/** The directory of a bot serving several tenants (TENANTS_FILE), one world per tenant. */
export function manyTenants(tenants: readonly TenantWorld[]): TenantDirectory {
  const scopes: TenantScope[] = tenants.map((t) => ({
    name: t.name,
    displayName: t.displayName ?? t.name,
    tenantId: t.tenantId,
    alerts: t.world.alerts,
    analyst: t.world.analyst,
    ...(t.analysts ? { analysts: t.analysts } : {}),
  }));
  return {
    multiTenant: true,
    list: () => scopes,
    get: (name) => scopes.find((s) => s.name === name),
  };
}

/**
 * BotServices for several tenants: the tenants' directory, and the shared parts (access policy, audit
 * log, subscriptions, snoozes) from the first world, as the composition root builds them (its
 * `alerts`/`analyst` are the first tenant's, which card actions must not use).
 */
export function servicesOfTenants(tenants: readonly TenantWorld[]): BotServices {
  return { ...servicesOf(tenants[0]!.world), tenants: manyTenants(tenants) };
}
