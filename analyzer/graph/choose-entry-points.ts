// The config's `entry` globs replace the detected entry points; a glob that matches no module is a
// config problem naming it. With no entry point at all, every module is analysed and the report says so.
import { AnalyzerConfigError, type ConfigProblem } from '../errors.js';
import { compileGlob } from './match-glob.js';
import type { Facts } from '../types.js';

/** Returns facts whose `entryPoints` are the configured ones (when `entry` is set), with a diagnostic when there are none. */
export function chooseEntryPoints(facts: Facts, entry: readonly string[] | undefined, configSource: string): Facts {
  let entryPoints = facts.entryPoints;
  if (entry) {
    const problems: ConfigProblem[] = [];
    const chosen = new Map<string, string>();
    entry.forEach((glob, i) => {
      const match = compileGlob(glob);
      const hits = facts.modules.filter((m) => match(m.path));
      if (hits.length === 0) problems.push({ path: `entry[${i}]`, message: `"${glob}" matches no source file` });
      for (const m of hits) if (!chosen.has(m.path)) chosen.set(m.path, `config entry ${glob}`);
    });
    if (problems.length) throw new AnalyzerConfigError(configSource, problems);
    entryPoints = [...chosen].map(([file, why]) => ({ file, why }));
  }
  if (entryPoints.length > 0 || facts.modules.length === 0) return { ...facts, entryPoints };
  const diagnostic = {
    file: '',
    code: 'NO_ENTRY_POINT',
    message: `no server entry point found (package.json main, bin or scripts.start, a listen()/createServer() call): all ${facts.modules.length} modules were analysed; set \`entry\` in ficus.config.yaml to narrow it`,
  };
  return { ...facts, entryPoints, diagnostics: [diagnostic, ...facts.diagnostics] };
}
