import { describe, expect, it } from 'vitest';
import { parseRequestBody } from '../../../src/estimate/request.js';
import { countInput } from '../../../src/tokenize/count-input.js';
import { counterFor } from '../../../src/tokenize/encoder.js';
import { asParallelWrapper } from '../../../src/tokenize/parallel-calls.js';
import { renderResponseFormat } from '../../../src/tokenize/response-format.js';
import { CHAT_TOOLS, renderTools } from '../../../src/tokenize/tools.js';

/**
 * The rendering rules fitted on the recorded corpus (README "Input counting"), each pinned on a
 * small request so that a change to one rule shows here before it shows in the corpus table.
 */
const count = (body: unknown, modelId = 'gpt-4o') =>
  countInput(parseRequestBody(body, 'req').prompt, { encoding: 'o200k_base', modelId });

const weatherCall = (args: string) => ({
  model: 'gpt-4o',
  messages: [
    { role: 'user', content: 'Weather?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get_weather', arguments: args } }],
    },
    { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
  ],
});

describe('rules fitted on the recorded corpus', () => {
  it('a single call bills its arguments as compact JSON; parallel calls keep their text', () => {
    const spaced = count(weatherCall('{"city": "Paris", "days": 2}'));
    const compact = count(weatherCall('{"city":"Paris","days":2}'));
    expect(spaced.tokens).toBe(compact.tokens);
    const parallel = parseRequestBody(
      {
        model: 'gpt-4o',
        messages: [
          {
            role: 'assistant',
            tool_calls: ['a', 'b'].map((id) => ({
              id,
              type: 'function',
              function: { name: 'f', arguments: '{"x": 1}' },
            })),
          },
        ],
      },
      'req',
    );
    expect(parallel.prompt.messages.map((m) => m.texts[0])).toEqual(['{"x": 1}', '{"x": 1}']);
  });

  it('gpt-4o parallel calls are one multi_tool_use.parallel call; GPT-5 keeps one message per call', () => {
    const body = {
      model: 'gpt-4o',
      messages: [
        { role: 'user', content: 'Both?' },
        {
          role: 'assistant',
          tool_calls: ['a', 'b'].map((id) => ({
            id,
            type: 'function',
            function: { name: `f_${id}`, arguments: '{"x": 1}' },
          })),
        },
      ],
    };
    const wrapped = asParallelWrapper(parseRequestBody(body, 'req').prompt.messages);
    expect(wrapped.map((m) => m.role)).toEqual(['user', 'assistant to=multi_tool_use.parallel']);
    expect(wrapped[1]?.texts).toEqual([
      '{"tool_uses":[{"recipient_name":"functions.f_a","parameters":{"x":1}},{"recipient_name":"functions.f_b","parameters":{"x":1}}]}',
    ]);
    const counter = counterFor('o200k_base');
    const asOne = 3 + 2 + counter.count(wrapped[1]?.role ?? '') + counter.count(wrapped[1]?.texts[0] ?? '');
    const user = 3 + counter.count('user') + counter.count('Both?');
    expect(count(body).tokens).toBe(3 + user + asOne);
  });

  it('GPT-5 calls: 5 more than the chat rule in the current turn, 1 more once a user spoke after', () => {
    const body = weatherCall('{}');
    const chatRule = count(body, 'gpt-4o').parts.framing - 3; // gpt-4o primes 3, GPT-5 2
    expect(count(body, 'gpt-5-mini').parts.framing).toBe(chatRule + 2 + 5);
    const later = { ...body, messages: [...body.messages, { role: 'user', content: 'And tomorrow?' }] };
    const chatLater = count(later, 'gpt-4o').parts.framing - 3;
    expect(count(later, 'gpt-5-mini').parts.framing).toBe(chatLater + 2 + 1);
  });

  it('instructions "" add the model\'s hidden default prompt, or a flagged range when unknown', () => {
    const body = { model: 'gpt-4o', instructions: '', input: 'Hi' };
    const plain = count({ model: 'gpt-4o', input: 'Hi' });
    expect(count(body).tokens).toBe(plain.tokens + 216);
    expect(count(body).warnings).toEqual([expect.stringMatching(/counted the 216-token default prompt/)]);
    expect(count(body, 'o3-mini').tokens).toBe(count({ input: 'Hi' }, 'o3-mini').tokens + 59);
    const unknown = count(body, 'gpt-4.1');
    expect(unknown.tokens).toBe(count({ input: 'Hi' }, 'gpt-4.1').tokens);
    expect(unknown.uncertain.map((u) => u.kind)).toEqual(['hidden_prompt']);
    expect(unknown.range).toEqual({ min: unknown.tokens, max: unknown.tokens + 250 });
  });

  it('response formats drop required/additionalProperties; strict ones also default and bounds', () => {
    const schema = {
      type: 'object',
      properties: { n: { type: 'integer', title: 'N', default: 1, minimum: 0 } },
      required: ['n'],
      additionalProperties: false,
    };
    expect(renderResponseFormat({ name: 'Out', schema })).toBe(
      '# Response Formats\n\n## Out\n\n{"type":"object","properties":{"n":{"type":"integer","title":"N","default":1,"minimum":0}}}',
    );
    expect(renderResponseFormat({ name: 'Out', schema, strict: true })).toBe(
      '# Response Formats\n\n## Out\n\n{"type":"object","properties":{"n":{"type":"integer","title":"N"}}}',
    );
  });

  it('tools: title before description, trailing default, trimmed description lines', () => {
    const block = renderTools([
      {
        name: 'search',
        description: 'Search the web.\n\n    Args:\n        q: the query\n    ',
        parameters: {
          type: 'object',
          properties: { q: { type: 'string', title: 'Q', description: 'Query', default: null } },
        },
      },
    ]);
    expect(block).toContain(
      '// Search the web.\n// Args:\n// q: the query\ntype search = (_: {\n// Q\n// Query\nq?: string, // default: null\n}) => any;',
    );
  });

  it('a nested object with a list-typed property is shown as its JSON schema', () => {
    const block = renderTools([
      {
        name: 'plan',
        parameters: {
          type: 'object',
          properties: {
            steps: {
              type: 'array',
              items: {
                type: 'object',
                properties: { tool: { type: ['string', 'null'] } },
                required: ['tool'],
                additionalProperties: false,
              },
            },
          },
          required: ['steps'],
        },
      },
    ]);
    expect(block).toContain('steps: {"type":"object","properties":{"tool":{"type":["string","null"]}}}[],');
  });

  it('response-format JSON escapes non-ASCII characters as \\uXXXX (Python json.dumps default)', () => {
    const schema = { type: 'object', description: 'step — done ✓', properties: {} };
    expect(renderResponseFormat({ name: 'Out', schema })).toBe(
      '# Response Formats\n\n## Out\n\n{"type":"object","description":"step \\u2014 done \\u2713","properties":{}}',
    );
  });

  it('gpt-4o family: an object whose properties carry no comment is written on one line', () => {
    const tool = {
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' }, days: { type: 'integer' } },
        required: ['city'],
      },
    };
    expect(renderTools([tool], CHAT_TOOLS)).toContain(
      'type get_weather = (_: { city: string, days?: number }) => any;',
    );
    // The harmony renderer (GPT-5 family) keeps the multi-line form.
    expect(renderTools([tool])).toContain(
      'type get_weather = (_: {\ncity: string,\ndays?: number,\n}) => any;',
    );
    // One described property keeps the whole object multi-line.
    const described = {
      ...tool,
      parameters: { ...tool.parameters, properties: { city: { type: 'string', description: 'City' } } },
    };
    expect(renderTools([described], CHAT_TOOLS)).toContain('(_: {\n// City\ncity: string,\n}) => any;');
  });
});
