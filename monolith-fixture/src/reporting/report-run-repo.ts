// An audit trail of who ran which report with which parameters.
import { db } from '../lib/db.js';
import { toInt, toIso, type Page } from '../lib/utils.js';

export const reportRunModel = { tableName: 'report_runs' } as const;

export async function recordRun(report: string, params: Record<string, unknown>, rowCount: number): Promise<void> {
  await db(reportRunModel.tableName).insert({ report, params: JSON.stringify(params), row_count: rowCount, created_at: new Date().toISOString() });
}

export async function listRuns(page: Page) {
  const rows = await db(reportRunModel.tableName).orderBy('id', 'desc').limit(page.limit).offset(page.offset);
  return rows.map((r: Record<string, unknown>) => ({
    id: toInt(r.id),
    report: String(r.report),
    params: JSON.parse(String(r.params)) as unknown,
    rowCount: toInt(r.row_count),
    createdAt: toIso(r.created_at),
  }));
}
