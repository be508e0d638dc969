import { errorMessage } from '../errors';
import type { Logger } from '../log';

/** Anything started and stopped with leadership (the poller, the notifier, the certificate watch). */
interface Startable {
  start(): Promise<void> | void;
  stop(): Promise<void>;
}

/** Work only the leading replica may do (poll, post, announce): started on gaining, stopped on losing. */
export interface LeaderTask {
  /** For logs. */
  name: string;
  start(): Promise<void> | void;
  /** Waits for the work in progress to end. */
  stop(): Promise<void>;
}

/**
 * The `LeaderElector.start` callback: starts every task in order when this replica gains leadership,
 * stops them all when it loses it. Never throws (a failed switch is logged; the next change retries).
 */
export function leadershipSwitch(tasks: readonly LeaderTask[], logger: Logger): (isLeader: boolean) => void {
  return (isLeader) => void switchTo(isLeader, tasks, logger);
}

/** Stops every task (shutdown). */
export async function stopTasks(tasks: readonly LeaderTask[]): Promise<void> {
  await Promise.all(tasks.map((t) => t.stop()));
}

async function switchTo(isLeader: boolean, tasks: readonly LeaderTask[], logger: Logger): Promise<void> {
  try {
    if (isLeader) {
      logger.info({ tasks: tasks.map((t) => t.name) }, 'this replica leads: polling and posting');
      for (const t of tasks) await t.start();
    } else {
      logger.info('this replica does not lead: serving Teams only');
      await stopTasks(tasks);
    }
  } catch (err) {
    logger.error({ err: errorMessage(err) }, 'could not switch leadership state');
  }
}

/**
 * The leader's work in start order: the poller (its state loaded from the store first), the notifier,
 * then the certificate watch when there is a certificate.
 */
export function serviceLeaderTasks(p: {
  poller: Startable & { load(): Promise<void> };
  notifier: Startable;
  certificate?: Startable;
}): LeaderTask[] {
  const tasks: LeaderTask[] = [
    {
      name: 'poller',
      start: async () => {
        await p.poller.load();
        await p.poller.start();
      },
      stop: () => p.poller.stop(),
    },
    { name: 'notifier', start: () => p.notifier.start(), stop: () => p.notifier.stop() },
  ];
  const watch = p.certificate;
  if (watch) tasks.push({ name: 'certificate', start: () => watch.start(), stop: () => watch.stop() });
  return tasks;
}
