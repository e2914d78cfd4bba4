// The Node options the server runs with when deployed: those of `npm start` (package.json), e.g. its heap bound.
// The benchmarks and the end-to-end tests start the server with the same options, so both see it as deployed.
import fs from 'node:fs';
import path from 'node:path';

export function serverNodeOptions(repoRoot: string): string[] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const options = /\bnode ((?:--\S+ )*)bin\/vlcenter\.js serve/.exec(scripts.start ?? '')?.[1];
  if (options === undefined)
    throw new Error('package.json: the start script no longer runs `node … bin/vlcenter.js serve`');
  return options.split(' ').filter(Boolean);
}
