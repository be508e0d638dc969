import { z } from 'zod';
import { isLoopbackHost } from '../loopback';

const account = z
  .object({ id: z.string().min(1).max(512), name: z.string().max(512).optional() })
  .passthrough();

/** The minimum a Bot Framework activity must carry before any handler may see it. */
const activitySchema = z
  .object({
    type: z.string().min(1).max(64),
    id: z.string().max(512).optional(),
    channelId: z.string().min(1).max(64),
    serviceUrl: z.string().url().max(2048),
    from: account,
    recipient: account.optional(),
    conversation: z.object({ id: z.string().min(1).max(1024) }).passthrough(),
    text: z.string().max(28_000).optional(),
    name: z.string().max(256).optional(),
  })
  .passthrough();

/**
 * Validates an inbound activity. Returns undefined when acceptable, else a sentence saying what is wrong.
 * In local mode (no BOT_ID, nothing authenticates the caller) the serviceUrl must be on loopback, so a
 * forged activity cannot make the bot send its replies to another host.
 */
export function validateInboundActivity(body: unknown, o: { localMode: boolean }): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return 'The body must be one JSON activity object.';
  const parsed = activitySchema.safeParse(body);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    return `Invalid activity: ${i.path.join('.') || '(root)'}: ${i.message}.`;
  }
  const { serviceUrl, type } = parsed.data;
  const url = new URL(serviceUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return 'Invalid activity: serviceUrl must be http(s).';
  if (o.localMode && !isLoopbackHost(url.hostname))
    return 'Invalid activity: in local mode (no BOT_ID) the serviceUrl must be a loopback address.';
  if (type === 'invoke' && !parsed.data.name) return 'Invalid activity: an invoke needs a name.';
  return undefined;
}
