import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TokenCounter } from '../../../src/tokenize/encoder.js';
import { safeCuts } from '../../../src/tokenize/parallel-count.js';
import { renderTools } from '../../../src/tokenize/tools.js';

const counter = new TokenCounter('o200k_base');

describe('tool definitions rendered as a TypeScript namespace', () => {
  const weather = {
    name: 'get_current_weather',
    description: 'Get the current weather.\nUse it for any city.',
    parameters: {
      type: 'object',
      properties: {
        location: { type: 'string', description: 'The city and state' },
        unit: { type: 'string', enum: ['celsius', 'fahrenheit'], title: 'Unit' },
        days: { type: 'array', items: { type: ['integer', 'null'] } },
      },
      required: ['location'],
    },
  };

  it('renders descriptions and titles as comments, optional properties with ?, enums as unions', () => {
    expect(renderTools([weather, { name: 'ping' }])).toBe(
      [
        '# Tools',
        '',
        '## functions',
        '',
        'namespace functions {',
        '',
        '// Get the current weather.',
        '// Use it for any city.',
        'type get_current_weather = (_: {',
        '// The city and state',
        'location: string,',
        '// Unit',
        'unit?: "celsius" | "fahrenheit",',
        'days?: (number | null)[],',
        '}) => any;',
        '',
        'type ping = () => any;',
        '',
        '} // namespace functions',
      ].join('\n'),
    );
  });

  it('each tool adds tokens', () => {
    const one = counter.count(renderTools([weather]));
    expect(counter.count(renderTools([weather, { ...weather, name: 'other' }]))).toBeGreaterThan(one);
  });
});

describe('safe cut points for parallel counting', () => {
  it('the counts of the pieces add up to the count of the whole', () => {
    const word = fc.constantFrom(
      'alpha',
      ' beta',
      'Gamma',
      '\n',
      '\n\n',
      '  ',
      '.',
      '42',
      'é',
      '—',
      "'s",
      '\r\n',
      'x\n',
      '!\n',
    );
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 300 }),
        fc.integer({ min: 2, max: 5 }),
        (words, pieces) => {
          const text = words.join('');
          const cuts = safeCuts(text, pieces);
          const bounds = [0, ...cuts, text.length];
          let sum = 0;
          for (let i = 1; i < bounds.length; i++) sum += counter.count(text.slice(bounds[i - 1], bounds[i]));
          expect(sum).toBe(counter.count(text));
        },
      ),
      { numRuns: 300 },
    );
  });
});
