import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { layoutViolations, parseLayoutRules, SHARED_LEAVES, unitOf } from '../../helpers/layout';

const ROOT = resolve(__dirname, '../../..');
const SRC = join(ROOT, 'src');
const rules = parseLayoutRules(readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('the layout of src/ (docs/architecture.md, "may import")', () => {
  const files = sourceFiles(SRC).map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('every import of the product follows the folder table', () => {
    expect(layoutViolations(SRC, files, rules)).toEqual([]);
  });

  it('has one row per folder and top-level file of src/, and no row for something that is gone', () => {
    const units = new Set(files.map((f) => unitOf(f.path.slice(SRC.length + 1))));
    expect([...rules.mayImport.keys()].sort()).toEqual([...units].sort());
  });

  it('lets only the bot and the bot-state adapter import the Teams SDK', () => {
    expect([...rules.teamsSdk].sort()).toEqual(['bot', 'store']);
  });

  it('keeps the shared leaves leaves, and the model and the records free of product imports', () => {
    for (const leaf of SHARED_LEAVES)
      expect({ leaf, imports: [...rules.mayImport.get(leaf)!] }).toEqual({ leaf, imports: [] });
    expect([...rules.mayImport.get('model')!]).toEqual([]);
    expect([...rules.mayImport.get('records')!]).toEqual([]);
  });
});

describe('the layout check itself', () => {
  const at = (p: string) => join(SRC, p);

  it('reports an import the table forbids', () => {
    const v = layoutViolations(
      SRC,
      [{ path: at('model/bad.ts'), text: "import { x } from '../graph';" }],
      rules,
    );
    expect(v).toEqual([
      { file: at('model/bad.ts'), imported: '../graph', rule: 'model may not import graph' },
    ]);
  });

  it('reports a forbidden import however it is written: type-only, re-export, deep path, dynamic', () => {
    const text = [
      "import type { T } from '../notify';",
      "export { y } from '../notify/digest';",
      "const m = import('../bot/app');",
    ].join('\n');
    const v = layoutViolations(SRC, [{ path: at('correlation/bad.ts'), text }], rules);
    expect(v.map((x) => x.rule)).toEqual([
      'correlation may not import notify',
      'correlation may not import notify',
      'correlation may not import bot',
    ]);
  });

  it('reports the Teams SDK outside the bot, an import out of src/, and a folder with no row', () => {
    const v = layoutViolations(
      SRC,
      [
        { path: at('cards/bad.ts'), text: "import { TurnContext } from 'botbuilder';" },
        { path: at('poller/bad.ts'), text: "import { startSimulator } from '../../simulator';" },
        { path: at('newthing/x.ts'), text: '' },
      ],
      rules,
    );
    expect(v.map((x) => x.rule)).toEqual([
      'cards may not import the Teams SDK',
      'the product imports nothing outside src/',
      'newthing has no row in the folder table',
    ]);
  });

  it('allows what the table allows and the shared leaves everywhere', () => {
    const text = "import { x } from '../model';\nimport { e } from '../errors';\nimport { y } from './walk';";
    expect(layoutViolations(SRC, [{ path: at('correlation/ok.ts'), text }], rules)).toEqual([]);
  });
});
