/**
 * Headless Chromium for the browser tests: Debian's `/usr/bin/chromium` (or `CHROMIUM_PATH`, the same
 * variable `npm test` reads) driven by playwright-core, which ships no browser of its own.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Where the Chromium binary is expected: `CHROMIUM_PATH`, default `/usr/bin/chromium`. */
export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** True when the browser tests can run; false means skip them (apt-get install -y chromium). */
export function hasChromium(): boolean {
  return existsSync(chromiumPath());
}

/**
 * Launches headless Chromium with a fresh throw-away profile and nothing that reaches the internet on its
 * own (component updates, sync, background networking).
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}: apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
