/**
 * Browser driver for Microsoft 365 Agents Playground (the local Teams client): start the CLI against a
 * bot, open its UI in headless Chromium, act like a Teams user and wait on what the bot shows.
 * Notes on the UI and its quirks: docs/playground-notes.md.
 */
export { startPlayground, type RunningPlayground, type StartPlaygroundOptions } from './playground';
export { openPlayground, PlaygroundPage, type OpenPlaygroundOptions, type WaitOptions } from './page';
export type { Watermark } from './messages';
export { cardLinkUrl, cardText, clickCardAction, fillCardInput, type ClickCardActionOptions } from './cards';
export { type Delivery, logLines, parseDelivery } from './logPanel';
export { chromiumPath, hasChromium, launchChromium } from './browser';
