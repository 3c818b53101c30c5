import type { Effort } from '../usage-event.js';
import type { Calibration } from './calibrate.js';
import type { ReasoningDefaults } from './reasoning-defaults.js';

export interface Range {
  p50: number;
  p90: number;
  max: number;
}

export type FigureSource = 'default' | 'flag' | `ledger (n=${number})`;

export interface Projection {
  output: Range;
  reasoning: Range;
  sources: { output: FigureSource; reasoning: FigureSource };
}

export interface ProjectionInput {
  /** Undefined for models that take no effort (no reasoning tokens). */
  effort: Effort | undefined;
  /** --output-tokens: expected visible output. */
  outputTokens?: number;
  /** The output cap (max_output_tokens or what fits): the worst case. */
  cap: number;
  defaults: ReasoningDefaults;
  calibration?: Calibration;
}

/**
 * Output and reasoning tokens at p50, p90 and max. Reasoning = max(floor, ratio × visible), from
 * the user's ledger when calibrated, else the defaults in data/estimate/reasoning.json. Output
 * (reasoning included) never exceeds the cap; max is the cap, all of it possibly reasoning.
 */
export function projectOutput(input: ProjectionInput): Projection {
  if (input.outputTokens !== undefined) return projectGiven(input, input.outputTokens);
  const { defaults, cap, calibration } = input;
  const vis = defaults.visible_output;
  let visible: [number, number];
  let outputSource: FigureSource;
  if (calibration) {
    visible = [calibration.visible.p50, calibration.visible.p90];
    outputSource = `ledger (n=${calibration.samples})`;
  } else {
    visible = [vis.default_p50, vis.default_p90];
    outputSource = 'default';
  }
  let reasoning: [number, number] = [0, 0];
  let reasoningSource: FigureSource = 'default';
  if (reasons(input.effort)) {
    if (calibration) {
      reasoning = [
        Math.ceil(Math.max(calibration.reasoning.p50, calibration.ratio.p50 * visible[0])),
        Math.ceil(Math.max(calibration.reasoning.p90, calibration.ratio.p90 * visible[1])),
      ];
      reasoningSource = `ledger (n=${calibration.samples})`;
    } else {
      const d = defaults.efforts[input.effort];
      reasoning = [
        Math.max(d.p50.floor, Math.ceil(Number(d.p50.ratio) * visible[0])),
        Math.max(d.p90.floor, Math.ceil(Number(d.p90.ratio) * visible[1])),
      ];
    }
  }
  const out50 = Math.min(cap, visible[0] + reasoning[0]);
  const out90 = Math.min(cap, Math.max(out50, visible[1] + reasoning[1]));
  return {
    output: { p50: out50, p90: out90, max: cap },
    reasoning: {
      p50: Math.min(reasoning[0], out50),
      p90: Math.min(Math.max(reasoning[1], reasoning[0]), out90),
      // Worst case: the whole cap spent on reasoning (an `incomplete` response bills it all).
      max: reasons(input.effort) ? cap : 0,
    },
    sources: { output: outputSource, reasoning: reasoningSource },
  };
}

function reasons(effort: Effort | undefined): effort is Effort {
  return effort !== undefined && effort !== 'none';
}

/**
 * --output-tokens N is the request's output as OpenAI bills it: reasoning is PART of it, never
 * added on top (N = 400 gives a p50 of 400, not 400 + reasoning). The reasoning share of N follows
 * the effort's ratio (reasoning / visible = r, so reasoning = N·r/(1+r)), at least its floor.
 */
function projectGiven(input: ProjectionInput & { effort: Effort | undefined }, given: number): Projection {
  const { cap, calibration, defaults } = input;
  const out50 = Math.min(cap, given);
  const out90 = Math.min(
    cap,
    Math.max(out50, Math.ceil(given * Number(defaults.visible_output.given_p90_factor))),
  );
  let share: [number, number] = [0, 0];
  let reasoningSource: FigureSource = 'default';
  if (reasons(input.effort)) {
    const d = defaults.efforts[input.effort];
    const ratio = calibration ? calibration.ratio : { p50: Number(d.p50.ratio), p90: Number(d.p90.ratio) };
    const floor = calibration ? [0, 0] : [d.p50.floor, d.p90.floor];
    share = [
      Math.max(floor[0] ?? 0, Math.ceil((out50 * ratio.p50) / (1 + ratio.p50))),
      Math.max(floor[1] ?? 0, Math.ceil((out90 * ratio.p90) / (1 + ratio.p90))),
    ];
    if (calibration) reasoningSource = `ledger (n=${calibration.samples})`;
  }
  const r50 = Math.min(share[0], out50);
  return {
    output: { p50: out50, p90: out90, max: cap },
    reasoning: {
      p50: r50,
      p90: Math.min(Math.max(share[1], r50), out90),
      max: reasons(input.effort) ? cap : 0,
    },
    sources: { output: 'flag', reasoning: reasoningSource },
  };
}
