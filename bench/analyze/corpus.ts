// Where the corpus of real monoliths is (../shared/corpus beside the checkout, or `--corpus <dir>`),
// and the folder ficus analyses in each of its repos (the corpus README's list).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CORPUS_FOLDERS = ['kutt', 'joplin/packages/server', 'wiki', 'outline'];

/** The corpus folder from `--corpus <dir>` or the default; exits with a one-line message when there is none. */
export function corpusDir(script: string, args = process.argv.slice(2)): string {
  const i = args.indexOf('--corpus');
  const here = path.dirname(fileURLToPath(import.meta.url));
  const dir = path.resolve(i >= 0 ? args[i + 1] : path.join(here, '..', '..', '..', 'shared', 'corpus'));
  if (!existsSync(dir)) {
    console.error(`${script}: no corpus at ${dir} (pass --corpus <dir>)`);
    process.exit(1);
  }
  return dir;
}
