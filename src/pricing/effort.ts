import { InvalidInputError, invalidValue } from '../errors.js';
import { EFFORTS, type Effort } from '../usage-event.js';
import type { ModelEntry } from './price-book.js';

/** Checks an effort name and that the model accepts it; returns the model's default when none is given. */
export function checkEffort(
  model: ModelEntry,
  effort: string | undefined,
  origin = '--effort',
): Effort | undefined {
  if (effort === undefined) return model.defaultEffort;
  if (!(EFFORTS as readonly string[]).includes(effort)) {
    throw invalidValue(origin, `unknown effort "${effort}"`, EFFORTS.join(', '));
  }
  if (model.efforts.length === 0) {
    throw new InvalidInputError(
      `${model.id} is not a reasoning model and takes no effort (got "${effort}")`,
      origin,
    );
  }
  if (!model.efforts.includes(effort as Effort)) {
    throw invalidValue(origin, `effort "${effort}" is not accepted by ${model.id}`, model.efforts.join(', '));
  }
  return effort as Effort;
}
