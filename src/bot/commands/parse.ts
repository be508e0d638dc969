/**
 * Splits a message into a command and its arguments. Accepts `/alerts …` and `alerts …` (Teams' command
 * menu inserts the title without a slash), after any `<at>…</at>` mention that is left (the recipient's
 * is already removed by teams-ai), HTML that Teams wraps around typed text, and non-breaking spaces.
 */
export function parseCommandText(text: string | undefined): { name: string; args: string } | undefined {
  if (!text) return undefined;
  const plain = text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|\u00a0/g, ' ')
    // Text copied from a card carries the zero-width joiners the cards insert to break autolinks.
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .trim();
  const m = /^\/?([a-z][a-z-]{0,31})(?:\s+([\s\S]*))?$/i.exec(plain);
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), args: (m[2] ?? '').trim() };
}

/** The first whitespace-separated word and the rest. */
export function firstWord(args: string): { word: string; rest: string } {
  const m = /^(\S+)(?:\s+([\s\S]*))?$/.exec(args.trim());
  return { word: m?.[1] ?? '', rest: (m?.[2] ?? '').trim() };
}
