/**
 * The compose boxes. A chat has one (`Type a message...`, Enter or "Send Message" sends); a channel has a
 * new-post box in a card with a "Post" button, plus one reply box per post. Both are Lexical editors
 * (contenteditable, role=textbox); `@` opens a typeahead (`#typeahead-menu`, role=menuitem per person).
 */
import type { Locator, Page } from 'playwright-core';

/** The channel's "Post" button: present only while a channel is open. */
export function postButton(page: Page): Locator {
  return page.getByRole('button', { name: 'Post', exact: true });
}

/** True while a channel (not a chat) is open. */
export async function inChannel(page: Page): Promise<boolean> {
  return (await postButton(page).count()) > 0;
}

/** The box a new message goes into: the chat's only box, or the channel's new-post box. */
export async function composeBox(page: Page): Promise<Locator> {
  if (!(await inChannel(page))) return page.getByRole('textbox');
  return page
    .locator('[role="group"].fui-Card')
    .filter({ has: postButton(page) })
    .getByRole('textbox');
}

/**
 * Types an @mention of `name` into the focused box and picks it from the typeahead, leaving the caret
 * after it and a space. The typeahead misses keystrokes typed in one burst, so this types at a human pace;
 * a space would end the query, so it types the first word only, and if the menu still does not show it
 * nudges it by deleting and retyping the last letter.
 */
export async function typeMention(page: Page, name: string): Promise<void> {
  const query = `@${name.split(' ')[0]}`;
  await page.keyboard.type(query, { delay: 60 });
  // An item's accessible name repeats the name (avatar label + text): match its text exactly instead.
  const item = page
    .locator('#typeahead-menu')
    .getByRole('menuitem')
    .filter({ has: page.getByText(name, { exact: true }) });
  for (let attempt = 0; attempt < 3 && !(await item.isVisible()); attempt++) {
    await page.keyboard.press('Backspace');
    await page.keyboard.type(query.slice(-1), { delay: 60 });
    await item.waitFor({ timeout: 2000 }).catch(() => undefined);
  }
  await item.click();
  await page.keyboard.type(' ');
}
