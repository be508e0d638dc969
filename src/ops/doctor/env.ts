import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError } from '../../errors';

/** An environment for the doctor, and the files it came from. */
export interface LoadedEnv {
  env: NodeJS.ProcessEnv;
  files: string[];
}

/** Environment names are file name parts: letters, digits, `-` and `_`. */
const ENV_NAME = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * The environment of `--env <name>` as the bot would see it: `env/.env.<name>` (the Agents Toolkit's
 * file), then the git-ignored `env/.env.<name>.user` (the toolkit's secrets, its SECRET_BOT_PASSWORD
 * read as BOT_PASSWORD) and `env/.bot.<name>.user` (the bot's runtime file), later files winning over
 * empty or earlier values. Variables set in the process win over all files, as with `node --env-file`.
 */
export function loadEnvFiles(name: string, o: { dir: string; processEnv: NodeJS.ProcessEnv }): LoadedEnv {
  if (!ENV_NAME.test(name))
    throw new ConfigError([
      { key: '--env', message: `"${name}" is not an environment name (letters, digits, - and _)` },
    ]);
  const main = join(o.dir, `.env.${name}`);
  if (!existsSync(main))
    throw new ConfigError([
      { key: '--env', message: `${main} does not exist (the environments are env/.env.<name>)` },
    ]);
  const files = [main, join(o.dir, `.env.${name}.user`), join(o.dir, `.bot.${name}.user`)].filter(existsSync);
  const merged: Record<string, string> = {};
  for (const file of files) {
    const values = parseEnv(readFileSync(file, 'utf8'));
    if (values.SECRET_BOT_PASSWORD && !values.BOT_PASSWORD) values.BOT_PASSWORD = values.SECRET_BOT_PASSWORD;
    for (const [k, v] of Object.entries(values))
      if (v !== undefined && (v !== '' || !(k in merged))) merged[k] = v;
  }
  return { env: { ...merged, ...o.processEnv }, files };
}
