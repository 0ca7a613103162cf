// Says up front which groups of tests will skip on this machine, and why.
import { existsSync } from 'node:fs';
import { pgSkipReason, pgUrl } from './pg.js';
import { chromiumPath } from './browser.js';

export default function setup(): void {
  const notes: string[] = [];
  if (!pgUrl) notes.push(`PostgreSQL tests will be skipped: ${pgSkipReason}`);
  if (!existsSync(chromiumPath)) notes.push(`browser tests will be skipped: ${chromiumPath} not found (apt-get install -y chromium)`);
  for (const n of notes) process.stdout.write(`[ficus tests] ${n}\n`);
}
