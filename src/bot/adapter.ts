import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../config';

/**
 * The Bot Framework adapter for the bot registration (`BOT_ID`, `BOT_PASSWORD`, `BOT_TYPE`,
 * `BOT_TENANT_ID`). An empty app id is local mode: no inbound authentication, none outbound.
 */
export function createTeamsAdapter(bot: Config['bot']): TeamsAdapter {
  return new TeamsAdapter({
    MicrosoftAppId: bot.id ?? '',
    MicrosoftAppPassword: bot.password ?? '',
    MicrosoftAppType: bot.type,
    MicrosoftAppTenantId: bot.tenantId ?? '',
  });
}
