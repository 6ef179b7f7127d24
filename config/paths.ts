import { existsSync } from 'node:fs';
import path from 'node:path';

/** The project's root (where package.json is), the same from sources under test and from `dist/`. */
export const projectRoot: string = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('package.json not found above ' + __dirname);
    dir = parent;
  }
  return dir;
})();

export const emailTemplatesDir = path.join(projectRoot, 'templates', 'email');
