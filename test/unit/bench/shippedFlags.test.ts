import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { shippedNodeFlags } from '../../../bench/lib/builtService';

const ROOT = resolve(__dirname, '../../..');

/** How the service is started: `npm start`, and the App Service start command of the Bicep template. */
function startCommands(): { npmStart: string; webapp: string } {
  const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const bicep = readFileSync(resolve(ROOT, 'infra/modules/webapp.bicep'), 'utf8');
  const webapp = /appCommandLine:\s*'([^']*)'/.exec(bicep)?.[1];
  if (webapp === undefined) throw new Error('no appCommandLine in infra/modules/webapp.bicep');
  return { npmStart: pkg.scripts.start, webapp };
}

describe('the service as shipped', () => {
  it('starts the same way under npm start and on App Service', () => {
    const { npmStart, webapp } = startCommands();
    expect(webapp).toBe(npmStart);
  });

  it('keeps the heap from growing unchecked during a large first poll (docs/deploy.md, Memory)', () => {
    expect(startCommands().npmStart).toBe('node --heap-growing-percent=50 dist/src/main.js');
  });

  it('gives the benchmarks the Node flags of npm start, and only those', () => {
    expect(shippedNodeFlags()).toEqual(['--heap-growing-percent=50']);
  });
});
