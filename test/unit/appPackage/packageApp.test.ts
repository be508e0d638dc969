import { cpSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../../src/errors';
import {
  createZip,
  expandPlaceholders,
  packageApp,
  parseEnvFile,
  placeholdersIn,
} from '../../../scripts/package-app';
import { readZip } from './zip';

// @microsoft/app-manifest requires strip-bom 5, an ES module that jest's CommonJS runtime cannot load on
// Node 20 (plain node and tsx can). Schema validation never calls it; this stand-in only lets the package load.
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const repo = join(__dirname, '..', '..', '..');
const APP_ID = '3f2c9a4e-6d1b-4c8e-9a57-0b1e2d3c4f5a';
const BOT_ID = '8d7c6b5a-4e3f-4a1b-9c8d-7e6f5a4b3c2d';

describe('parseEnvFile', () => {
  it('reads KEY=value lines and skips comments and blank lines', () => {
    const text = '# a comment\n\nA=1\nexport B = two words\nC="quoted # not a comment"\nD=x # trailing\nE=\n';
    expect(parseEnvFile(text)).toEqual({
      A: '1',
      B: 'two words',
      C: 'quoted # not a comment',
      D: 'x',
      E: '',
    });
  });

  it('rejects a line that is not KEY=value, quoting it', () => {
    expect(() => parseEnvFile('A=1\nthis is wrong\n')).toThrow(/Not a KEY=value line: "this is wrong"/);
  });
});

describe('expandPlaceholders', () => {
  it('replaces every ${{NAME}}, spaces inside the braces allowed', () => {
    expect(expandPlaceholders('${{A}}-${{ B }}-${{A}}', { A: 'x', B: 'y' })).toBe('x-y-x');
    expect(placeholdersIn('${{A}} ${{B}} ${{A}}')).toEqual(['A', 'B']);
  });

  it('names every placeholder without a value (missing or empty) in one ConfigError', () => {
    let caught: unknown;
    try {
      expandPlaceholders('${{A}} ${{B}} ${{C}}', { A: 'x', B: '' }, 'set it in env/.env.dev');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const issues = (caught as ConfigError).issues;
    expect(issues.map((i) => i.key)).toEqual(['B', 'C']);
    expect(issues[0]!.message).toContain('set it in env/.env.dev');
  });

  it('accepts an empty value only for the placeholders allowed to be empty', () => {
    expect(expandPlaceholders('app${{SUFFIX}}', { SUFFIX: '' }, '', ['SUFFIX'])).toBe('app');
    expect(() => expandPlaceholders('app${{SUFFIX}}', {}, '', ['SUFFIX'])).toThrow(ConfigError);
  });
});

describe('createZip', () => {
  it('writes an archive that reads back byte for byte, with UTF-8 names and empty files', () => {
    const entries = [
      { name: 'manifest.json', data: Buffer.from('{"a":1}') },
      { name: 'ícone.png', data: Buffer.from([0, 255, 1, 254, 2, 253]) },
      { name: 'empty.txt', data: Buffer.alloc(0) },
    ];
    const back = readZip(createZip(entries));
    expect(back.map((e) => [e.name, e.method, e.data.toString('hex')])).toEqual(
      entries.map((e) => [e.name, 8, e.data.toString('hex')]),
    );
  });

  it('is reproducible: the same files give the same bytes', () => {
    const entries = [{ name: 'a.txt', data: Buffer.from('same') }];
    expect(createZip(entries).equals(createZip(entries))).toBe(true);
  });
});

describe('packageApp', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'package-app-'));
    cpSync(join(repo, 'appPackage'), join(root, 'appPackage'), { recursive: true });
    rmSync(join(root, 'appPackage', 'build'), { recursive: true, force: true });
    mkdirSync(join(root, 'env'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const writeEnv = (name: string, text: string) => writeFileSync(join(root, 'env', name), text);

  it('zips manifest.json and both icons at the root, with the environment values filled in', async () => {
    writeEnv(
      '.env.test',
      `TEAMS_APP_ID=${APP_ID}\nBOT_ID=\nBOT_DOMAIN=bot.example.com\nAPP_NAME_SUFFIX=-test\n`,
    );
    writeEnv('.env.test.user', `BOT_ID=${BOT_ID}\n`);
    const { outFile } = await packageApp({ env: 'test', root });
    expect(outFile).toBe(join(root, 'appPackage', 'build', 'appPackage.test.zip'));
    const entries = readZip(readFileSync(outFile));
    expect(entries.map((e) => e.name).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8'));
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(BOT_ID);
    expect(manifest.validDomains).toEqual(['bot.example.com']);
    expect(manifest.name.short).toMatch(/-test$/);
    const icon = entries.find((e) => e.name === 'outline.png')!.data;
    expect(icon.equals(readFileSync(join(repo, 'appPackage', 'outline.png')))).toBe(true);
  });

  it('lets overrides (the process environment) win over the env files', async () => {
    writeEnv(
      '.env.test',
      `TEAMS_APP_ID=${APP_ID}\nBOT_ID=${BOT_ID}\nBOT_DOMAIN=a.example.com\nAPP_NAME_SUFFIX=\n`,
    );
    const { manifest } = await packageApp({ env: 'test', root, overrides: { BOT_DOMAIN: 'b.example.com' } });
    expect(manifest.validDomains).toEqual(['b.example.com']);
  });

  it('refuses to package while an id is still empty, and says where to set it', async () => {
    writeEnv('.env.test', `TEAMS_APP_ID=\nBOT_ID=${BOT_ID}\nBOT_DOMAIN=a.example.com\nAPP_NAME_SUFFIX=\n`);
    await expect(packageApp({ env: 'test', root })).rejects.toThrow(
      /TEAMS_APP_ID: has no value \(set it in env\/\.env\.test or env\/\.env\.test\.user/,
    );
  });

  it('refuses a package whose manifest breaks the schema, naming the field', async () => {
    writeEnv(
      '.env.test',
      `TEAMS_APP_ID=not-a-guid\nBOT_ID=${BOT_ID}\nBOT_DOMAIN=a.example.com\nAPP_NAME_SUFFIX=\n`,
    );
    await expect(packageApp({ env: 'test', root })).rejects.toThrow(/\/id must match pattern/);
  });

  it('rejects an environment name that could escape the env folder', async () => {
    await expect(packageApp({ env: '../secrets', root })).rejects.toThrow(/Bad environment name/);
  });
});
