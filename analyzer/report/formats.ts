// The report formats `ficus analyze --format` accepts; a module of its own so the CLI can list them
// without loading the analyzer.
export const REPORT_FORMATS = ['json', 'md', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
