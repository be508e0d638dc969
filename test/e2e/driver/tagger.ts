/**
 * The Playground's DOM has no test ids and hashed class names, and chats and channels render messages
 * differently. This init script runs in the page and labels every message body it can find with stable
 * attributes, so the driver's locators stay simple (`[data-pg-author="Bot"]`) and the DOM knowledge lives
 * in one place. See docs/playground-notes.md for the DOM it reads.
 *
 * - chat (personal, group): `[aria-label="Message header"]` + its next sibling (the body); bot messages
 *   carry `[aria-label="Message author"]`, the user's own messages have no author.
 * - channel post: a Fluent card `[role=group].fui-Card` whose footer holds the reply box (the new-post
 *   composer's footer holds no avatar); author = the header avatar's aria-label; body = the header's
 *   next sibling.
 * - channel reply: inside a post, a row whose first child holds an avatar; body = that row's next sibling.
 */

/** Attribute names written on each message body. */
export const TAG = {
  /** Arrival order in this page, 1, 2, 3…: a body keeps its number until the UI re-creates it. */
  seq: 'data-pg-seq',
  /** Display name of the author; empty for the current user's own chat messages. */
  author: 'data-pg-author',
  /** `chat`, `post` or `reply`. */
  kind: 'data-pg-kind',
} as const;

type Tag = typeof TAG;

/** Runs in the browser (serialized): must not reference anything outside its own body. */
function tagMessages(tag: Tag): void {
  let seq = 0;
  const found: Array<{ body: Element; kind: string; author: string }> = [];
  const add = (body: Element | null | undefined, kind: string, author: string) => {
    if (body) found.push({ body, kind, author });
  };
  const label = (el: Element | null | undefined) => el?.getAttribute('aria-label')?.trim() ?? '';

  const scanChats = () => {
    document.querySelectorAll('[aria-label="Message header"]').forEach((header) => {
      const author = header.querySelector('[aria-label="Message author"]')?.textContent?.trim() ?? '';
      add(header.nextElementSibling, 'chat', author);
    });
  };
  const scanChannel = () => {
    // Posts are listed newest first; number them bottom-up so that older posts get lower numbers.
    const posts = Array.from(document.querySelectorAll('[role="group"].fui-Card')).reverse();
    for (const post of posts) {
      const header = post.querySelector(':scope > .fui-CardHeader');
      if (!header || !post.querySelector(':scope > .fui-CardFooter > [role="img"]')) continue;
      add(header.nextElementSibling, 'post', label(header.querySelector('[role="img"][aria-label]')));
      post.querySelectorAll('[role="img"][aria-label]').forEach((avatar) => {
        if (avatar.closest('.fui-CardHeader, .fui-CardFooter, .ac-adaptiveCard')) return;
        const row = avatar.parentElement;
        if (row && row.firstElementChild === avatar) add(row.nextElementSibling, 'reply', label(avatar));
      });
    }
  };
  const scan = () => {
    found.length = 0;
    scanChats();
    scanChannel();
    for (const { body, kind, author } of found) {
      if (!body.hasAttribute(tag.seq)) body.setAttribute(tag.seq, String(++seq));
      if (body.getAttribute(tag.author) !== author) body.setAttribute(tag.author, author);
      if (body.getAttribute(tag.kind) !== kind) body.setAttribute(tag.kind, kind);
    }
  };
  let pending = false;
  // Attribute writes are not observed (childList only), so tagging never re-triggers itself.
  new MutationObserver(() => {
    if (pending) return;
    pending = true;
    queueMicrotask(() => {
      pending = false;
      scan();
    });
  }).observe(document, { childList: true, subtree: true });
}

/** The init-script source to give `page.addInitScript({ content })`. */
export function taggerScript(): string {
  // tsx/esbuild may wrap functions in `__name(fn, "name")` when it transpiles the driver; the page has no
  // such helper, so define a global no-op one for this and every other function the driver sends over.
  const shim = 'globalThis.__name = globalThis.__name || ((f) => f);';
  return `${shim}\n(${tagMessages.toString()})(${JSON.stringify(TAG)});`;
}
