/** Teams-side steps the reliability runs share: who is who, subscribing a channel, Graph writes. */
import {
  DEFAULT_CHANNEL_ID,
  DEFAULT_MEMBERS,
  messageActivity,
  type TeamsAccount,
} from '../../helpers/activities';
import type { PostActivityResult } from '../../helpers/activities';
import type { RecordedRequest } from '../../../simulator';

export { DEFAULT_CHANNEL_ID };
export const MEGAN = DEFAULT_MEMBERS[0]!;
export const ALEX = DEFAULT_MEMBERS[1]!;

/** The `/subscribe` message an analyst types in a channel (mentioning the bot, as Teams requires). */
export function subscribeActivity(serviceUrl: string, o: { channelId?: string; from?: TeamsAccount } = {}) {
  return messageActivity({
    serviceUrl,
    scope: 'channel',
    text: '/subscribe',
    channelId: o.channelId ?? DEFAULT_CHANNEL_ID,
    from: o.from ?? MEGAN,
  });
}

/** Posts `/subscribe` through `post` and fails unless the bot took it (HTTP 200). */
export async function subscribe(
  post: (activity: object) => Promise<PostActivityResult>,
  serviceUrl: string,
  o: { channelId?: string; from?: TeamsAccount } = {},
): Promise<void> {
  const res = await post(subscribeActivity(serviceUrl, o));
  if (res.status !== 200) throw new Error(`/subscribe answered ${res.status}: ${res.text.slice(0, 300)}`);
}

/** Graph writes (PATCH an alert, POST a comment) among the simulator's recorded requests. */
export function graphWrites(requests: readonly RecordedRequest[]): RecordedRequest[] {
  return requests.filter(
    (r) => (r.method === 'PATCH' || r.method === 'POST') && r.path.includes('/security/alerts_v2'),
  );
}
