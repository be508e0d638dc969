import type { DoctorCheck, DoctorReport } from './types';

const LABELS: Record<DoctorCheck['status'], string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL', skip: '-' };

/** The doctor's answer as a plain-text table (fits a terminal and a CI log), then the verdict. */
export function formatDoctorReport(r: DoctorReport, o: { title?: string; width?: number } = {}): string {
  const width = Math.max(80, o.width ?? 110);
  const nameWidth = Math.max(...r.checks.map((c) => c.name.length), 'CHECK'.length);
  const detailWidth = width - nameWidth - 9;
  const row = (status: string, name: string, detail: string): string[] =>
    wrap(detail, detailWidth).map((line, i) =>
      i === 0
        ? `${status.padEnd(6)} ${name.padEnd(nameWidth)}  ${line}`
        : `${' '.repeat(7 + nameWidth)}  ${line}`,
    );
  const lines = [
    ...(o.title ? [o.title, ''] : []),
    ...row('STATUS', 'CHECK', 'DETAIL'),
    ...r.checks.flatMap((c) => row(LABELS[c.status], c.name, c.detail)),
    '',
    verdict(r),
  ];
  return lines.join('\n');
}

function verdict(r: DoctorReport): string {
  const warnings = r.checks.filter((c) => c.status === 'warn' || (c.status === 'fail' && !c.blocking)).length;
  if (r.blocking.length)
    return (
      `NOT READY: ${r.blocking.length} blocking problem(s) (${r.blocking.map((c) => c.name).join(', ')}). ` +
      'Fix them and run npm run doctor again.'
    );
  return warnings ? `READY, with ${warnings} warning(s).` : 'READY.';
}

/** Word-wraps `text` to `width` columns (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}
