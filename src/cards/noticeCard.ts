/** Short answers: notices, errors, usage help ("Usage: /comment <id> <text>"). */
import { expandCard, type AdaptiveCard } from './render';
import template from './templates/notice.json';
import { clean, md, plain } from './text';

export type NoticeKind = 'info' | 'success' | 'warning' | 'error';

export interface NoticeCardView {
  title: string;
  /** One or more paragraphs separated by line breaks. Shown as plain text (Markdown is escaped). */
  text: string;
  /** Default 'info'. */
  kind?: NoticeKind;
}

/** Longest notice text, characters. */
export const MAX_NOTICE_TEXT = 1500;
const MAX_PARAGRAPHS = 10;

const LOOKS: Record<NoticeKind, { style: string; emoji: string }> = {
  info: { style: 'emphasis', emoji: 'ℹ️' },
  success: { style: 'good', emoji: '✅' },
  warning: { style: 'warning', emoji: '⚠️' },
  error: { style: 'attention', emoji: '⛔' },
};

export function noticeCard(view: NoticeCardView): AdaptiveCard {
  const look = LOOKS[view.kind ?? 'info'] ?? LOOKS.info;
  const paragraphs = clean(view.text, { max: MAX_NOTICE_TEXT, multiline: true })
    .split(/\n+/)
    .filter((p) => p.trim() !== '')
    .slice(0, MAX_PARAGRAPHS)
    .map((p) => ({ text: md(p, { max: MAX_NOTICE_TEXT }) }));
  const title = view.title?.trim() ? view.title : 'Notice';
  return expandCard(template, {
    fallbackText: `${plain(title, { max: 100 })}: ${plain(view.text, { max: 200 })}`,
    style: look.style,
    heading: `${look.emoji} ${md(title, { max: 100 })}`,
    paragraphs,
  });
}
