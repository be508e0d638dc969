import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { envSchema } from '../../../src/config';
import { placeholdersIn } from '../../../scripts/package-app';
import {
  ROOT,
  SECRET_KEYS,
  bicepAppSettingKeys,
  bicepOutputs,
  bicepParams,
  envVars,
  readText,
  ymlRuntimeEnvKeys,
  ymlWrittenVariables,
  type EnvName,
} from './projectFiles';

const CONFIG_KEYS = Object.keys(envSchema.shape);
const bicep = readText('infra/azure.bicep');
const parameters = readText('infra/azure.parameters.json');

/** Each toolkit project file and the environment it runs with. */
const PROJECTS: Array<{ file: string; env: EnvName }> = [
  { file: 'm365agents.yml', env: 'dev' },
  { file: 'm365agents.local.yml', env: 'local' },
  { file: 'm365agents.playground.yml', env: 'playground' },
];

/** Keys infra/azure.bicep deliberately leaves out of the app settings (each one explained there). */
const NOT_APP_SETTINGS = [
  'PORT',
  'BOT_PASSWORD',
  'AZURE_CLIENT_SECRET',
  'AZURE_CLIENT_CERTIFICATE_PATH',
  'REPLICA_ID',
];

describe.each(PROJECTS)('$file', ({ file, env }) => {
  const yml = readText(file);

  it('follows the toolkit yaml schema v1.11 and names it for editors', () => {
    expect(yml).toMatch(
      /^# yaml-language-server: \$schema=https:\/\/aka\.ms\/m365-agents-toolkits\/v1\.11\/yaml\.schema\.json$/m,
    );
    expect(yml).toMatch(/^version: v1\.11$/m);
  });

  it(`resolves every placeholder from env/.env.${env} or from what an earlier step writes`, () => {
    const known = new Set([...Object.keys(envVars(env)), ...ymlWrittenVariables(yml)]);
    if (yml.includes('uses: arm/deploy')) bicepOutputs(bicep).forEach((o) => known.add(o));
    expect(placeholdersIn(yml).filter((name) => !known.has(name))).toEqual([]);
  });

  it('points only at files that exist', () => {
    const paths = [...yml.matchAll(/(?:path|manifestPath|parameters|run: node):?\s+(\.\/[\w./-]+)/g)].map(
      (m) => m[1]!,
    );
    for (const path of paths)
      expect({ path, exists: existsSync(join(ROOT, path)) }).toEqual({ path, exists: true });
  });
});

it('m365agents.yml deploys infra/azure.bicep with its parameters and zip-deploys the staged app', () => {
  const yml = readText('m365agents.yml');
  for (const path of ['./infra/azure.bicep', './infra/azure.parameters.json', './infra/stage-webapp.mjs']) {
    expect(yml).toContain(path);
  }
  expect(yml).toMatch(/uses: azureAppService\/zipDeploy\n\s+with:\n\s+artifactFolder: \.\/\.tmp\/webapp/);
});

describe('the bot settings written for local runs', () => {
  it.each(['m365agents.local.yml', 'm365agents.playground.yml'])(
    '%s passes every configuration key, except secrets it does not own',
    (file) => {
      const keys = ymlRuntimeEnvKeys(readText(file));
      const expected = CONFIG_KEYS.filter(
        (k) => !SECRET_KEYS.includes(k) || (k === 'BOT_PASSWORD' && file.includes('local.')),
      );
      expect([...keys].sort()).toEqual([...expected].sort());
    },
  );

  it('takes the bot password from the toolkit-managed secret, never from a committed file', () => {
    expect(readText('m365agents.local.yml')).toMatch(/^ {8}BOT_PASSWORD: \$\{\{SECRET_BOT_PASSWORD\}\}$/m);
  });
});

describe('infra/azure.bicep and its parameters', () => {
  const declared = bicepParams(bicep);
  const passed = Object.keys((JSON.parse(parameters) as { parameters: Record<string, unknown> }).parameters);

  it('is given only parameters it declares, and every parameter without a default', () => {
    expect(passed.filter((p) => !declared.some((d) => d.name === p))).toEqual([]);
    const required = declared.filter((d) => !d.hasDefault).map((d) => d.name);
    expect(required.filter((r) => !passed.includes(r))).toEqual([]);
  });

  it('fills every parameter placeholder from env/.env.dev', () => {
    const vars = envVars('dev');
    expect(placeholdersIn(parameters).filter((name) => !(name in vars))).toEqual([]);
  });

  it('maps every configuration key to an app setting, except the documented omissions', () => {
    const settings = bicepAppSettingKeys(bicep);
    expect(CONFIG_KEYS.filter((k) => !settings.includes(k) && !NOT_APP_SETTINGS.includes(k))).toEqual([]);
    for (const omitted of NOT_APP_SETTINGS) expect(bicep).toMatch(new RegExp(`^//\\s+${omitted}\\s`, 'm'));
    expect(settings.filter((k) => /^[A-Z]/.test(k) && !CONFIG_KEYS.includes(k))).toEqual([
      'WEBSITE_RUN_FROM_PACKAGE',
      'SCM_DO_BUILD_DURING_DEPLOYMENT',
      'NODE_ENV',
    ]);
  });

  it('runs the bot as the managed identity, on shared Blob state, with the storage key behind Key Vault', () => {
    expect(bicep).toMatch(/^ {2}BOT_TYPE: 'UserAssignedMsi'$/m);
    expect(bicep).toMatch(/^ {2}STORE: 'azure-blob'$/m);
    expect(bicep).toMatch(/^ {2}AZURE_STORAGE_CONNECTION_STRING: '@Microsoft\.KeyVault\(SecretUri=/m);
  });

  it('has every module it references', () => {
    const modules = [...bicep.matchAll(/^module \w+ '([^']+)'/gm)].map((m) => m[1]!);
    expect(modules.length).toBeGreaterThanOrEqual(4);
    for (const m of modules)
      expect({ m, exists: existsSync(join(ROOT, 'infra', m)) }).toEqual({ m, exists: true });
  });
});
