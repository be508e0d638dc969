/**
 * `npm run doctor [-- --env <name>]`: checks that the configuration can run the bot and prints a table.
 * Exit code 0: ready (warnings allowed); 1: a blocking problem; 2: bad arguments or env file.
 * The checks live in src/ops/doctor.ts; this file only reads arguments and prints.
 */
import { resolve } from 'node:path';
import { ConfigError, errorMessage } from '../src/errors';
import { formatDoctorReport, loadEnvFiles, runDoctor } from '../src/ops/doctor';

const USAGE =
  'Usage: npm run doctor [-- --env <name>]   (reads env/.env.<name>; without it, the process environment)';

function parseArgs(argv: string[]): { envName?: string } | 'help' {
  const out: { envName?: string } = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--env' && argv[i + 1]) out.envName = argv[++i];
    else if (arg?.startsWith('--env=')) out.envName = arg.slice('--env='.length);
    else throw new ConfigError([{ key: String(arg), message: `unknown argument. ${USAGE}` }]);
  }
  return out;
}

async function main(): Promise<number> {
  let env: NodeJS.ProcessEnv = process.env;
  let source = 'the process environment';
  try {
    const args = parseArgs(process.argv.slice(2));
    if (args === 'help') {
      console.log(USAGE);
      return 0;
    }
    if (args.envName) {
      const loaded = loadEnvFiles(args.envName, {
        dir: resolve(__dirname, '..', 'env'),
        processEnv: process.env,
      });
      env = loaded.env;
      source = loaded.files.map((f) => f.slice(resolve(__dirname, '..').length + 1)).join(' + ');
    }
  } catch (err) {
    console.error(errorMessage(err));
    return 2;
  }
  const report = await runDoctor({ env });
  console.log(
    formatDoctorReport(report, {
      title: `defender-dlp-bot doctor: ${source}`,
      width: process.stdout.columns,
    }),
  );
  return report.exitCode;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`doctor failed: ${errorMessage(err)}`);
    process.exit(2);
  },
);
