import { RegistrationError } from '../../errors';
import { alertCommand } from './alert';
import { alertsCommand } from './alerts';
import { auditCommand } from './audit';
import { commentCommand } from './comment';
import { dlpCommand } from './dlp';
import { enrichCommand } from './enrich';
import { helpCommand } from './help';
import { reportCommand } from './report';
import { sitCommand } from './sit';
import { snoozesCommand } from './snoozes';
import { routeCommand } from './route';
import { routesCommand } from './routes';
import { statusCommand } from './status';
import { subscribeCommand } from './subscribe';
import { tenantsCommand } from './tenants';
import { unsubscribeCommand } from './unsubscribe';
import type { Command } from './types';

/** Every slash command. `checkCommandRegistry` fails boot on a duplicate. */
export const COMMANDS: readonly Command[] = [
  helpCommand,
  statusCommand,
  tenantsCommand,
  subscribeCommand,
  unsubscribeCommand,
  alertsCommand,
  alertCommand,
  dlpCommand,
  sitCommand,
  enrichCommand,
  commentCommand,
  auditCommand,
  reportCommand,
  snoozesCommand,
  routesCommand,
  routeCommand,
];

export function checkCommandRegistry(commands: readonly Command[]): void {
  const seen = new Set<string>();
  for (const c of commands) {
    if (!/^[a-z][a-z-]*$/.test(c.name))
      throw new RegistrationError(`Command name "${c.name}" is not a lower-case word.`);
    if (seen.has(c.name)) throw new RegistrationError(`Command "${c.name}" is registered twice.`);
    seen.add(c.name);
  }
}

export { parseCommandText } from './parse';
export type { Command, CommandContext } from './types';
