// Reading cards as a person would, for assertions in unit and integration tests.

/**
 * The text a reader of the card sees: every text, title and fallback string, without the zero-width
 * joiners cards insert to stop autolinking and without Markdown escapes.
 */
export function visibleText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && ['text', 'title', 'fallbackText', 'value'].includes(key))
        out.push(value);
      else walk(value);
    }
  };
  walk(card);
  return out
    .join('\n')
    .replace(/\u200d/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!>|~])/g, '$1');
}
