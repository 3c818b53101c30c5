import type { PromptMessage } from './messages.js';

/**
 * gpt-4o / 4.1: several calls made in one assistant turn are billed as the one call the model
 * actually wrote, to its `multi_tool_use.parallel` wrapper, whose argument lists each call as
 * `{"recipient_name": "functions.NAME", "parameters": {...}}` under `tool_uses` (the wrapper's
 * argument shape as models emit it: github.com/respawn-llc/kent/issues/45). Evidence (training
 * split): every pydantic-ai gpt-4o recording with parallel calls (7) is 13–16 tokens above the
 * per-call framing and within 1 of this form; two crewAI gpt-4o recordings from 2026 fit the
 * per-call form instead (README names the disagreement). The GPT-5 family frames each call (api-overheads.ts).
 */
export function asParallelWrapper(messages: readonly PromptMessage[]): PromptMessage[] {
  const out: PromptMessage[] = [];
  for (let i = 0; i < messages.length; i++) {
    const first = messages[i] as PromptMessage;
    if (!first.parallel) {
      out.push(first);
      continue;
    }
    const group: NonNullable<PromptMessage['parallel']>[] = [];
    while (i < messages.length && messages[i]?.parallel?.turn === first.parallel.turn) {
      group.push((messages[i] as PromptMessage).parallel as NonNullable<PromptMessage['parallel']>);
      i++;
    }
    i--;
    const toolUses = group.map((c) => ({
      recipient_name: `functions.${c.name}`,
      parameters: parsed(c.args),
    }));
    out.push({
      role: 'assistant to=multi_tool_use.parallel',
      texts: [JSON.stringify({ tool_uses: toolUses })],
      images: [],
      overhead: first.overhead ?? 0,
      call: true,
    });
  }
  return out;
}

function parsed(args: string): unknown {
  try {
    return JSON.parse(args);
  } catch {
    return args;
  }
}
