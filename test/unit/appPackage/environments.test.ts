import { spawnSync } from 'node:child_process';
import { envSchema } from '../../../src/config';
import { ENVIRONMENTS, ROOT, SECRET_KEYS, TOOLKIT_KEYS, envText, envVars } from './projectFiles';

/** Every key the bot reads, straight from its configuration schema: the env files must follow it. */
const CONFIG_KEYS = Object.keys(envSchema.shape);

/** Lines `KEY=value` of an env file, with the line just above each one. */
function assignments(text: string): Array<{ key: string; above: string }> {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => {
    const m = /^([A-Z][A-Z0-9_]*)=/.exec(line);
    return m ? [{ key: m[1]!, above: lines[i - 1] ?? '' }] : [];
  });
}

describe.each(ENVIRONMENTS)('env/.env.%s', (env) => {
  const vars = envVars(env);

  it('declares every configuration key of src/config exactly once', () => {
    const keys = assignments(envText(env)).map((a) => a.key);
    for (const key of CONFIG_KEYS)
      expect({ key, count: keys.filter((k) => k === key).length }).toEqual({ key, count: 1 });
  });

  it('explains every key with a comment on the line above', () => {
    for (const { key, above } of assignments(envText(env))) {
      expect({ key, commented: above.startsWith('# ') }).toEqual({ key, commented: true });
    }
  });

  it('declares the Agents Toolkit variables, naming itself in TEAMSFX_ENV', () => {
    for (const key of TOOLKIT_KEYS) expect(Object.keys(vars)).toContain(key);
    expect(vars.TEAMSFX_ENV).toBe(env);
  });

  it('holds no secret: secret keys are empty and no SECRET_ variable is committed', () => {
    for (const key of SECRET_KEYS) expect({ key, value: vars[key] }).toEqual({ key, value: '' });
    expect(Object.keys(vars).filter((k) => k.startsWith('SECRET_'))).toEqual([]);
    expect(envText(env)).not.toMatch(/AccountKey=|InstrumentationKey=|-----BEGIN/);
  });

  it('has values the bot accepts (the same schema validates them)', () => {
    const result = envSchema.safeParse(vars);
    expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual(
      [],
    );
  });
});

describe('what each environment points at', () => {
  it('playground: local mode (no bot id) against the local Graph simulator', () => {
    const vars = envVars('playground');
    expect(vars.BOT_ID).toBe('');
    expect(vars.GRAPH_BASE_URL).toBe('https://localhost:8443');
    expect(vars.BOT_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('local: a single-tenant bot behind a dev tunnel, still against the simulator', () => {
    const vars = envVars('local');
    expect(vars.GRAPH_BASE_URL).toBe('https://localhost:8443');
    expect(vars.BOT_TYPE).toBe('SingleTenant');
    expect(vars.STORE).toMatch(/^sqlite:/);
  });

  it('dev: real Graph, Azure Blob state and the managed identity as the bot', () => {
    const vars = envVars('dev');
    expect(vars.GRAPH_BASE_URL).toBe('https://graph.microsoft.com');
    expect(vars.STORE).toBe('azure-blob');
    expect(vars.BOT_TYPE).toBe('UserAssignedMsi');
  });
});

describe('files that hold secrets', () => {
  const gitAvailable = spawnSync('git', ['--version']).status === 0;
  const paths = [
    'env/.env.local.user',
    'env/.env.dev.user',
    'env/.env.playground.user',
    'env/.bot.local.user',
    'env/.bot.playground.user',
  ];

  (gitAvailable ? it : it.skip)('are ignored by git', () => {
    const result = spawnSync('git', ['check-ignore', '--no-index', ...paths], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(result.stdout.trim().split('\n').sort()).toEqual([...paths].sort());
  });
});
