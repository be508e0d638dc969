import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bundledSchemaPath,
  expandPlaceholders,
  loadEnvironment,
  placeholdersIn,
  validateManifest,
  type JsonObject,
} from '../../../scripts/package-app';
import { encodePng, renderColorIcon, renderOutlineIcon } from '../../../scripts/make-icons';
import { decodePng } from './png';

// @microsoft/app-manifest requires strip-bom 5, an ES module that jest's CommonJS runtime cannot load on
// Node 20 (plain node and tsx can). Schema validation never calls it; this stand-in only lets the package load.
jest.mock('strip-bom', () => ({ __esModule: true, default: (text: string) => text.replace(/^\uFEFF/, '') }));

const root = join(__dirname, '..', '..', '..');
const template = readFileSync(join(root, 'appPackage', 'manifest.json'), 'utf8');

/** Every command the bot answers; each must be offered in at least one command list. */
const PRODUCT_COMMANDS = [
  'help',
  'status',
  'subscribe',
  'unsubscribe',
  'alerts',
  'alert',
  'dlp',
  'sit',
  'enrich',
  'comment',
  'audit',
  'tenants',
];

const SAMPLE = {
  TEAMS_APP_ID: '3f2c9a4e-6d1b-4c8e-9a57-0b1e2d3c4f5a',
  BOT_ID: '8d7c6b5a-4e3f-4a1b-9c8d-7e6f5a4b3c2d',
  BOT_DOMAIN: 'dlpbot-dev01-abc123.azurewebsites.net',
  APP_NAME_SUFFIX: '-dev',
};

interface Command {
  title: string;
  description?: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}

function expand(vars: Record<string, string> = SAMPLE): JsonObject {
  return JSON.parse(expandPlaceholders(template, vars)) as JsonObject;
}

function commandLists(manifest: JsonObject): CommandList[] {
  const bots = manifest.bots as Array<{ commandLists: CommandList[] }>;
  return bots[0]!.commandLists;
}

const schema = (): JsonObject => {
  const version = String((JSON.parse(template) as JsonObject).manifestVersion);
  return JSON.parse(readFileSync(bundledSchemaPath(version), 'utf8')) as JsonObject;
};

/** The schema's own cap on commands per list (10 up to manifest v1.23, 12 from v1.24). */
function maxCommandsPerList(): number {
  const props = (schema().properties as any).bots.items.properties.commandLists.items.properties;
  return props.commands.maxItems as number;
}

describe('the Teams app manifest', () => {
  it('uses manifest schema v1.19 or newer, bundled offline by @microsoft/app-manifest', () => {
    const manifest = JSON.parse(template) as JsonObject;
    const [major, minor] = String(manifest.manifestVersion).split('.').map(Number);
    expect(major! * 100 + minor!).toBeGreaterThanOrEqual(119);
    expect(String(manifest.$schema)).toContain(`/v${String(manifest.manifestVersion)}/`);
    expect(() => bundledSchemaPath(String(manifest.manifestVersion))).not.toThrow();
  });

  it('only uses the placeholders the Agents Toolkit fills in', () => {
    expect(placeholdersIn(template).sort()).toEqual([
      'APP_NAME_SUFFIX',
      'BOT_DOMAIN',
      'BOT_ID',
      'TEAMS_APP_ID',
    ]);
  });

  it('passes the bundled schema once the placeholders hold sample values', async () => {
    expect(await validateManifest(expand())).toEqual([]);
  });

  it.each(['local', 'dev', 'playground'])('passes the schema with the values of env/.env.%s', async (env) => {
    const { vars } = loadEnvironment(root, env);
    const merged = { ...vars };
    for (const [key, value] of Object.entries(SAMPLE)) if (!merged[key]) merged[key] = value;
    expect(await validateManifest(expand(merged))).toEqual([]);
  });

  it('declares a conversational bot for team, group chat and personal scopes, without files', () => {
    const bot = (expand().bots as JsonObject[])[0]!;
    expect(bot.botId).toBe(SAMPLE.BOT_ID);
    expect(bot.scopes).toEqual(expect.arrayContaining(['team', 'groupChat', 'personal']));
    expect(bot.supportsFiles).toBe(false);
    expect(bot.isNotificationOnly).toBe(false);
    expect(expand().permissions).toEqual(['identity', 'messageTeamMembers']);
    expect(expand().validDomains).toEqual([SAMPLE.BOT_DOMAIN]);
  });

  it('offers every product command, each with a title and a description', () => {
    const lists = commandLists(expand());
    for (const name of PRODUCT_COMMANDS) {
      const offered = lists.flatMap((l) => l.commands).filter((c) => c.title === name);
      expect({ name, offered: offered.length > 0 }).toEqual({ name, offered: true });
      for (const c of offered) expect(c.description?.trim().length).toBeGreaterThan(10);
    }
  });

  it('keeps every command list within the schema cap, with unique titles and one list per scope', () => {
    const lists = commandLists(expand());
    const scopes = lists.flatMap((l) => l.scopes);
    expect(new Set(scopes).size).toBe(scopes.length);
    expect(scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    for (const list of lists) {
      const titles = list.commands.map((c) => c.title);
      expect(titles.length).toBeLessThanOrEqual(maxCommandsPerList());
      expect(new Set(titles).size).toBe(titles.length);
    }
  });

  it('keeps the per-user commands (dlp, sit) out of shared conversations', () => {
    const shared = commandLists(expand()).filter(
      (l) => l.scopes.includes('team') || l.scopes.includes('groupChat'),
    );
    const titles = shared.flatMap((l) => l.commands.map((c) => c.title));
    expect(titles).not.toContain('dlp');
    expect(titles).not.toContain('sit');
  });
});

describe('the offline schema check', () => {
  it('rejects a command list with more commands than the schema allows', async () => {
    const manifest = expand();
    const list = commandLists(manifest)[0]!;
    list.commands = Array.from({ length: maxCommandsPerList() + 1 }, (_, i) => ({ title: `cmd${i}` }));
    const errors = await validateManifest(manifest);
    expect(errors.join('\n')).toMatch(
      /\/bots\/0\/commandLists\/0\/commands must NOT have more than \d+ items/,
    );
  });

  it('rejects a bot without botId', async () => {
    const manifest = expand();
    delete (manifest.bots as JsonObject[])[0]!.botId;
    expect((await validateManifest(manifest)).join('\n')).toMatch(/must have required property 'botId'/);
  });

  it('rejects a placeholder left unexpanded where a GUID is required', async () => {
    const manifest = JSON.parse(template) as JsonObject;
    expect((await validateManifest(manifest)).join('\n')).toMatch(/\/id must match pattern/);
  });

  it('rejects a short description over 80 characters', async () => {
    const manifest = expand();
    (manifest.description as JsonObject).short = 'x'.repeat(81);
    expect((await validateManifest(manifest)).join('\n')).toMatch(
      /\/description\/short must NOT have more than 80/,
    );
  });
});

describe('the app icons', () => {
  const colorFile = readFileSync(join(root, 'appPackage', 'color.png'));
  const outlineFile = readFileSync(join(root, 'appPackage', 'outline.png'));

  it('has a 192×192 colour icon that is opaque everywhere (a solid background)', () => {
    const png = decodePng(colorFile);
    expect([png.width, png.height]).toEqual([192, 192]);
    for (let i = 3; i < png.rgba.length; i += 4)
      if (png.rgba[i] !== 255) throw new Error(`alpha at ${i >> 2}`);
    const distinct = new Set<number>();
    for (let i = 0; i < png.rgba.length; i += 4) {
      distinct.add((png.rgba[i]! << 16) | (png.rgba[i + 1]! << 8) | png.rgba[i + 2]!);
    }
    expect(distinct.size).toBeGreaterThan(3);
  });

  it('has a 32×32 outline icon: white foreground on a fully transparent background', () => {
    const png = decodePng(outlineFile);
    expect([png.width, png.height]).toEqual([32, 32]);
    const alphaAt = (x: number, y: number) => png.rgba[(y * 32 + x) * 4 + 3];
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
      [16, 0],
      [0, 16],
    ] as const)
      expect(alphaAt(x, y)).toBe(0);
    let opaque = 0;
    let transparent = 0;
    for (let i = 0; i < png.rgba.length; i += 4) {
      const [r, g, b, a] = png.rgba.subarray(i, i + 4);
      if (a! > 0) expect([r, g, b]).toEqual([255, 255, 255]);
      if (a === 255) opaque++;
      if (a === 0) transparent++;
    }
    expect(opaque).toBeGreaterThan(32 * 32 * 0.15);
    expect(transparent).toBeGreaterThan(32 * 32 * 0.4);
  });

  it('are exactly what scripts/make-icons.ts draws (regenerate them after changing it)', () => {
    expect(encodePng(renderColorIcon()).equals(colorFile)).toBe(true);
    expect(encodePng(renderOutlineIcon()).equals(outlineFile)).toBe(true);
  });
});
