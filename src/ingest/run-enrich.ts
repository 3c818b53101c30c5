import type { UsageEvent } from '../usage-event.js';
import { redact } from './redact.js';

/**
 * Belt and braces before the store: parsers redact keys already, but the ledger must never hold
 * one, so user, project, key id and tag values are redacted again. Nothing from the price book is
 * added: the ledger stores facts (model as logged, tokens, tier, time, …); pricing happens in reports.
 */
export function scrubEvent(e: UsageEvent): UsageEvent {
  if (!e.user && !e.project && !e.apiKeyId && !e.tags) return e;
  const user = e.user === undefined ? undefined : redact(e.user);
  const project = e.project === undefined ? undefined : redact(e.project);
  const apiKeyId = e.apiKeyId === undefined ? undefined : redact(e.apiKeyId);
  let tags = e.tags;
  if (tags) {
    for (const k in tags) {
      if (redact(tags[k]!) !== tags[k]) {
        tags = Object.fromEntries(Object.entries(tags).map(([key, v]) => [key, redact(v)]));
        break;
      }
    }
  }
  if (user === e.user && project === e.project && apiKeyId === e.apiKeyId && tags === e.tags) return e;
  const out: UsageEvent = { ...e };
  if (user !== undefined) out.user = user;
  if (project !== undefined) out.project = project;
  if (apiKeyId !== undefined) out.apiKeyId = apiKeyId;
  if (tags !== undefined) out.tags = tags;
  return out;
}
