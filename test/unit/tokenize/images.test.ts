import { describe, expect, it } from 'vitest';
import { readImageSize } from '../../../src/tokenize/image-size.js';
import { imageRuleFor, imageTokens, patches } from '../../../src/tokenize/image-tokens.js';

function png(w: number, h: number): Buffer {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return b;
}

function jpeg(w: number, h: number): Buffer {
  // SOI, an APP0 segment of 16 bytes, then SOF0 with height and width.
  const app0 = Buffer.alloc(18);
  app0.writeUInt16BE(0xffe0, 0);
  app0.writeUInt16BE(16, 2);
  const sof = Buffer.alloc(19);
  sof.writeUInt16BE(0xffc0, 0);
  sof.writeUInt16BE(17, 2);
  sof[4] = 8;
  sof.writeUInt16BE(h, 5);
  sof.writeUInt16BE(w, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof]);
}

function gif(w: number, h: number): Buffer {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'latin1');
  b.writeUInt16LE(w, 6);
  b.writeUInt16LE(h, 8);
  return b;
}

function webpVp8x(w: number, h: number): Buffer {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'latin1');
  b.write('WEBP', 8, 'latin1');
  b.write('VP8X', 12, 'latin1');
  b.writeUIntLE(w - 1, 24, 3);
  b.writeUIntLE(h - 1, 27, 3);
  return b;
}

describe('image headers', () => {
  it('reads PNG, JPEG, GIF and WebP sizes', () => {
    expect(readImageSize(png(800, 600))).toEqual({ width: 800, height: 600, format: 'png' });
    expect(readImageSize(jpeg(1920, 1080))).toEqual({ width: 1920, height: 1080, format: 'jpeg' });
    expect(readImageSize(gif(32, 16))).toEqual({ width: 32, height: 16, format: 'gif' });
    expect(readImageSize(webpVp8x(4000, 3000))).toEqual({ width: 4000, height: 3000, format: 'webp' });
    expect(readImageSize(Buffer.from('not an image'))).toBeUndefined();
  });
});

describe('image token rules (pricing.md §4)', () => {
  it('tile models: low = base, high = base + tiles × tile', () => {
    const { rule } = imageRuleFor('gpt-4o');
    expect(imageTokens(rule, 2560, 1669, 'low')).toBe(85);
    expect(imageTokens(rule, 2560, 1669, 'high')).toBe(85 + 170 * 6);
    expect(imageTokens(rule, 512, 512, 'high')).toBe(85 + 170);
    expect(imageTokens(imageRuleFor('o3').rule, 1024, 1024, 'high')).toBe(75 + 150 * 4);
  });

  it('patch models: 32-px patches times the multiplier, within the budget', () => {
    expect(patches(1024, 1024, { patches: 1536, maxSide: 2048 })).toBe(1024);
    expect(patches(4000, 4000, { patches: 1536, maxSide: 2048 })).toBeLessThanOrEqual(1536);
    expect(imageTokens(imageRuleFor('gpt-4.1-mini').rule, 1024, 1024, 'high')).toBe(Math.ceil(1024 * 1.62));
    // gpt-5-mini / nano bill 1.2 / 1.5 per patch in every recording (640×480 → 360 / 450 tokens).
    expect(imageTokens(imageRuleFor('gpt-5-mini').rule, 640, 480, 'auto')).toBe(360);
    expect(imageTokens(imageRuleFor('gpt-5-nano').rule, 640, 480, 'auto')).toBe(450);
    const flagship = imageRuleFor('gpt-5.5').rule;
    expect(imageTokens(flagship, 512, 512, 'low')).toBe(Math.ceil(256 * 1.2));
    // auto = original on 5.5: a 3000×3000 image keeps more patches than at high (≤ 2,500).
    expect(imageTokens(flagship, 3000, 3000, 'auto')).toBeGreaterThan(
      imageTokens(flagship, 3000, 3000, 'high'),
    );
    expect(imageTokens(flagship, 3000, 3000, 'high')).toBeLessThanOrEqual(Math.ceil(2500 * 1.2));
  });

  it('unknown models fall back to the gpt-4o rule and say so', () => {
    expect(imageRuleFor('mystery-model').known).toBe(false);
  });
});
