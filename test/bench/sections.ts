import { captureBench } from './capture.js';
import { estimateBench } from './estimate.js';
import { ingestBench } from './ingest.js';
import type { BenchSection } from './main.js';
import { postgresBench } from './postgres.js';
import { reportBench } from './report.js';

/** Sections run in this order; each lives in its own file (estimate.ts, ingest.ts, report.ts, capture.ts, postgres.ts). */
export const sections: Record<string, BenchSection> = {
  estimate: estimateBench,
  ingest: ingestBench,
  report: reportBench,
  capture: captureBench,
  postgres: postgresBench,
};
