/** How cards name a customer tenant (a bot serving several tenants names it on every card). */
import type { CardTenant } from './alertView';
import { md, plain } from './text';

/** Markdown "Contoso (contoso)": the display name, and the short name `tenant=` takes when they differ. */
export function tenantText(t: Pick<CardTenant, 'name' | 'displayName'>): string {
  const display = t.displayName?.trim() || t.name;
  return display.toLowerCase() === t.name.toLowerCase()
    ? md(display, { max: 80 })
    : `${md(display, { max: 80 })} (${md(t.name, { max: 40 })})`;
}

/** Plain text for fallback text and headings outside Markdown: the display name. */
export function tenantPlain(t: Pick<CardTenant, 'name' | 'displayName'>): string {
  return plain(t.displayName?.trim() || t.name, { max: 60 });
}
