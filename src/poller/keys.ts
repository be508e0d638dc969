/** Store keys owned by the poller. */
export const WATERMARK_KEY = 'poller/watermark';
export const ALERT_PREFIX = 'alert/';
export const alertKey = (id: string): string => `${ALERT_PREFIX}${id}`;
