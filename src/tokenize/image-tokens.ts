/**
 * Image input tokens per model family, from the OpenAI vision guide as summarised in
 * shared/reference/pricing.md §4 (developers.openai.com/api/docs/guides/images-vision).
 */
export type ImageDetail = 'low' | 'high' | 'auto' | 'original';

interface TileRule {
  kind: 'tile';
  base: number;
  tile: number;
}

interface PatchRule {
  kind: 'patch';
  multiplier: number;
  /** Patch budget and longest side for high (and for auto when autoAs is 'high'). */
  high: { patches: number; maxSide: number };
  original?: { patches: number; maxSide: number };
  autoAs: 'high' | 'original';
}

export type ImageRule = TileRule | PatchRule;

const FLAGSHIP_HIGH = { patches: 2500, maxSide: 2048 };
const FLAGSHIP_ORIGINAL = { patches: 10_000, maxSide: 6000 };
const SMALL_HIGH = { patches: 1536, maxSide: 2048 };

/** First match wins; ids are canonical price-book ids (dated snapshots resolve to them first). */
const RULES: readonly [RegExp, ImageRule, string][] = [
  // ⚠ multiplier 1.2 for 5.5+: secondary sources only (pricing.md §4); auto = original on 5.5+ (secondary).
  [
    /^gpt-6/,
    {
      kind: 'patch',
      multiplier: 1.2,
      high: FLAGSHIP_HIGH,
      original: { patches: 30_000, maxSide: 6000 },
      autoAs: 'original',
    },
    'gpt-6-astra report 2026-09-24',
  ],
  [
    /^gpt-5\.(5|6)/,
    { kind: 'patch', multiplier: 1.2, high: FLAGSHIP_HIGH, original: FLAGSHIP_ORIGINAL, autoAs: 'original' },
    'vision guide + secondary ×1.2',
  ],
  // ⚠ gpt-5.4 multiplier not stated by the guide: 1.0 assumed; auto = high on 5.4 (secondary).
  [
    /^gpt-5\.4-(mini|nano)/,
    { kind: 'patch', multiplier: 1.0, high: FLAGSHIP_HIGH, original: FLAGSHIP_ORIGINAL, autoAs: 'high' },
    'vision guide, multiplier assumed',
  ],
  [
    /^gpt-5\.4/,
    { kind: 'patch', multiplier: 1.0, high: FLAGSHIP_HIGH, original: FLAGSHIP_ORIGINAL, autoAs: 'high' },
    'vision guide, multiplier assumed',
  ],
  // The guide's table gives 1.62 / 2.46 (the gpt-4.1-mini/nano figures), but every recorded
  // gpt-5-mini and gpt-5-nano image request bills 1.2 / 1.5 per patch (640×480 = 300 patches →
  // 360 and 450 tokens: test/fixtures/recorded/10-…, 12-…); the recordings win.
  [/^gpt-5-mini/, { kind: 'patch', multiplier: 1.2, high: SMALL_HIGH, autoAs: 'high' }, 'recorded API usage'],
  [/^gpt-5-nano/, { kind: 'patch', multiplier: 1.5, high: SMALL_HIGH, autoAs: 'high' }, 'recorded API usage'],
  [/^gpt-4\.1-mini/, { kind: 'patch', multiplier: 1.62, high: SMALL_HIGH, autoAs: 'high' }, 'vision guide'],
  [/^gpt-4\.1-nano/, { kind: 'patch', multiplier: 2.46, high: SMALL_HIGH, autoAs: 'high' }, 'vision guide'],
  [/^o4-mini/, { kind: 'patch', multiplier: 1.72, high: SMALL_HIGH, autoAs: 'high' }, 'vision guide'],
  // gpt-5.2/5.3 and codex variants: 1,536-patch models; multiplier not listed, 1.0 assumed.
  [
    /^gpt-5\.[23]/,
    { kind: 'patch', multiplier: 1.0, high: SMALL_HIGH, autoAs: 'high' },
    'vision guide, multiplier assumed',
  ],
  [
    /^gpt-5\.1-codex-mini/,
    { kind: 'patch', multiplier: 1.0, high: SMALL_HIGH, autoAs: 'high' },
    'vision guide, multiplier assumed',
  ],
  // gpt-5.1 is in neither list; an app probe found tile behaviour: gpt-5's 70/140 assumed.
  [
    /^gpt-5(\.1)?(-chat-latest|-codex|-pro)?$|^gpt-5\.1/,
    { kind: 'tile', base: 70, tile: 140 },
    'vision guide (gpt-5, gpt-5-chat-latest)',
  ],
  [/^gpt-4o-mini/, { kind: 'tile', base: 2833, tile: 5667 }, 'vision guide'],
  [/^(gpt-4o|gpt-4\.1|gpt-4\.5|chatgpt-4o)/, { kind: 'tile', base: 85, tile: 170 }, 'vision guide'],
  [/^(o1|o3)/, { kind: 'tile', base: 75, tile: 150 }, 'vision guide'],
  [/^computer-use/, { kind: 'tile', base: 65, tile: 129 }, 'vision guide'],
];

/** gpt-4o's tile rule is the fallback for an unlisted model (the caller warns). */
const FALLBACK: ImageRule = { kind: 'tile', base: 85, tile: 170 };

export function imageRuleFor(modelId: string): { rule: ImageRule; known: boolean } {
  const found = RULES.find(([re]) => re.test(modelId));
  return found ? { rule: found[1], known: true } : { rule: FALLBACK, known: false };
}

/** Input tokens of one image of `width`×`height` px at a detail level under a model's rule. */
export function imageTokens(rule: ImageRule, width: number, height: number, detail: ImageDetail): number {
  if (rule.kind === 'tile') {
    if (detail === 'low') return rule.base;
    let w = width;
    let h = height;
    // Fit inside 2048×2048, then scale down so the shortest side is 768 px (never up).
    const fit = Math.min(1, 2048 / Math.max(w, h));
    w *= fit;
    h *= fit;
    const shrink = Math.min(1, 768 / Math.min(w, h));
    w = Math.floor(w * shrink);
    h = Math.floor(h * shrink);
    return rule.base + rule.tile * Math.ceil(w / 512) * Math.ceil(h / 512);
  }
  const level =
    detail === 'auto' ? rule.autoAs : detail === 'original' ? (rule.original ? 'original' : 'high') : detail;
  if (level === 'low') return Math.ceil(patches(512, 512, { patches: 256, maxSide: 512 }) * rule.multiplier);
  const limits = level === 'original' && rule.original ? rule.original : rule.high;
  return Math.ceil(patches(width, height, limits) * rule.multiplier);
}

/** 32-px patches after fitting the longest side and the patch budget (vision guide's resize rule). */
export function patches(width: number, height: number, limits: { patches: number; maxSide: number }): number {
  let w = width;
  let h = height;
  const side = Math.min(1, limits.maxSide / Math.max(w, h));
  w *= side;
  h *= side;
  const count = Math.ceil(w / 32) * Math.ceil(h / 32);
  if (count <= limits.patches) return count;
  const shrink = Math.sqrt((32 * 32 * limits.patches) / (w * h));
  const rw = (w * shrink) / 32;
  const rh = (h * shrink) / 32;
  const adjusted = shrink * Math.min(Math.floor(rw) / rw, Math.floor(rh) / rh);
  return Math.min(
    limits.patches,
    Math.ceil(Math.floor(w * adjusted) / 32) * Math.ceil(Math.floor(h * adjusted) / 32),
  );
}
