// Watches a config file for changes. The directory is watched, not the file: editors and config
// management replace files by rename, which would silently end a watch on the old inode.
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

export interface ConfigWatcher {
  close(): void;
}

/** Calls `onChange` (debounced) whenever `file` is written, created or replaced. */
export function watchConfig(file: string, onChange: () => void, debounceMs = 100): ConfigWatcher {
  const dir = path.dirname(path.resolve(file));
  const base = path.basename(file);
  let timer: NodeJS.Timeout | undefined;
  const watcher: FSWatcher = watch(dir, (_event, name) => {
    if (name !== null && name !== base) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, debounceMs);
  });
  watcher.on('error', () => watcher.close()); // the directory vanished: SIGHUP still reloads
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
