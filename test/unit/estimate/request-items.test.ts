import { describe, expect, it } from 'vitest';
import { parseRequestBody } from '../../../src/estimate/request.js';
import { countInput } from '../../../src/tokenize/count-input.js';
import { TokenCounter } from '../../../src/tokenize/encoder.js';

const counter = new TokenCounter('o200k_base');
const count = (body: unknown, modelId = 'gpt-4o') =>
  countInput(parseRequestBody(body, 'req').prompt, { encoding: 'o200k_base', modelId });

describe('Responses and Chat items the API bills', () => {
  it('a function call is an assistant message to=functions.NAME; its output a functions.NAME message', () => {
    const body = {
      model: 'gpt-4o',
      input: [
        { role: 'user', content: 'Weather in Paris?' },
        { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call_output', call_id: 'c1', output: '{"temp":21}' },
      ],
    };
    const parsed = parseRequestBody(body, 'req');
    expect(parsed.prompt.messages.map((m) => m.role)).toEqual([
      'user',
      'assistant to=functions.get_weather',
      'functions.get_weather',
    ]);
    const r = count(body);
    expect(r.parts.text).toBe(
      counter.count('Weather in Paris?') + counter.count('{"city":"Paris"}') + counter.count('{"temp":21}'),
    );
    // 3 per message + role tokens, 2 more for the call, 3 reply priming; gpt-4o on the
    // Responses API bills a lone call 1 more than on Chat (api-overheads.ts).
    const chatRule =
      3 * 3 +
      counter.count('user') +
      counter.count('assistant to=functions.get_weather') +
      counter.count('functions.get_weather') +
      2 +
      3;
    expect(r.parts.framing).toBe(chatRule + 1);
    expect(r.uncertain).toEqual([]);
  });

  it('custom tool calls, refusals and tool_calls in Chat are counted as text', () => {
    const r = count({
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'x' },
        {
          role: 'assistant',
          refusal: 'No.',
          tool_calls: [{ type: 'custom', custom: { name: 'sql', input: 'SELECT 1' } }],
        },
      ],
    });
    expect(r.parts.text).toBe(counter.count('x') + counter.count('No.') + counter.count('SELECT 1'));
  });

  it('the structured-output schema is counted (Chat response_format and Responses text.format alike)', () => {
    const schema = { type: 'object', properties: { a: { type: 'string', title: 'A' } }, required: ['a'] };
    const chat = count({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'x' }],
      response_format: { type: 'json_schema', json_schema: { name: 'Out', schema } },
    });
    const resp = count({
      model: 'gpt-4o',
      input: 'x',
      text: { format: { type: 'json_schema', name: 'Out', schema } },
    });
    expect(chat.parts.schema).toBeGreaterThan(10);
    // Same section on both APIs. Chat without a system message: a system message of its own (3, as
    // for tools: count-input.ts addedToSystem) plus 5 (response-format.ts); Responses: 1.
    expect(chat.parts.schema).toBe(resp.parts.schema - 1 + 3 + 5);
  });

  it('server-side and unreadable parts are flagged, each with its origin', () => {
    const r = count({
      model: 'gpt-5',
      previous_response_id: 'resp_1',
      input: [
        { type: 'reasoning', id: 'rs_1', encrypted_content: 'gAAA', summary: [] },
        { role: 'user', content: [{ type: 'input_file', file_id: 'file_1' }] },
        { type: 'web_search_call', id: 'ws_1', status: 'completed' },
      ],
      tools: [
        { type: 'web_search' },
        { type: 'function', name: 'f', parameters: { type: 'object', properties: {} } },
      ],
    });
    expect(r.uncertain.map((u) => u.kind).sort()).toEqual([
      'encrypted_reasoning',
      'file',
      'hosted_tool',
      'hosted_tool',
      'previous_response',
    ]);
    expect(r.range).toEqual({ min: r.tokens, max: null });
    expect(r.parts.tools).toBeGreaterThan(0);
  });
});
