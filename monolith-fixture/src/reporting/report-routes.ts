// Mounted at /api/reports. Every run is recorded in report_runs.
import { Router, type Response } from 'express';
import { badRequest, parsePagination } from '../lib/utils.js';
import { inventoryValue, stockCoverage, stockReconciliation } from './inventory-report.js';
import { brandScorecard, salesByCategory, topCustomers } from './report-queries.js';
import { listRuns, recordRun } from './report-run-repo.js';

export const reportRouter = Router();

async function sendReport(res: Response, report: string, params: Record<string, unknown>, rows: unknown[]): Promise<void> {
  await recordRun(report, params, rows.length);
  res.json({ report, params, rows, generatedAt: new Date().toISOString() });
}

reportRouter.get('/sales-by-category', async (_req, res) => {
  await sendReport(res, 'sales-by-category', {}, await salesByCategory());
});

reportRouter.get('/top-customers', async (req, res) => {
  const limit = req.query.limit === undefined ? 10 : Number(req.query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest('limit must be an integer from 1 to 100');
  await sendReport(res, 'top-customers', { limit }, await topCustomers(limit));
});

reportRouter.get('/brand-scorecard', async (_req, res) => {
  await sendReport(res, 'brand-scorecard', {}, await brandScorecard());
});

reportRouter.get('/inventory-value', async (_req, res) => {
  await sendReport(res, 'inventory-value', {}, await inventoryValue());
});

reportRouter.get('/stock-coverage', async (_req, res) => {
  await sendReport(res, 'stock-coverage', {}, await stockCoverage());
});

reportRouter.get('/stock-reconciliation', async (_req, res) => {
  await sendReport(res, 'stock-reconciliation', {}, [await stockReconciliation()]);
});

reportRouter.get('/runs', async (req, res) => {
  const page = parsePagination(req.query);
  res.json({ items: await listRuns(page), ...page });
});
