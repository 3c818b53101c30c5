import { closeSync, openSync, readSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readImageSize } from './image-size.js';
import { type ImageDetail, type ImageRule, imageTokens } from './image-tokens.js';
import type { ImageInput } from './messages.js';

const HEADER_BYTES = 65_536;

/** Size assumed for a remote image whose size is unknown (the estimate says so and gives a range). */
export const DEFAULT_IMAGE_SIZE = { width: 1024, height: 1024 } as const;

export type SizeOf =
  | { exact: true; width: number; height: number }
  | { exact: false; width: number; height: number; why: string };

/** An image part's size: given width/height, else read from a data: URL or local file header. */
export function imageSizeOf(img: ImageInput, baseDir: string | undefined): SizeOf {
  if (img.width !== undefined && img.height !== undefined)
    return { exact: true, width: img.width, height: img.height };
  const bytes = imageBytes(img.url, baseDir);
  const size = bytes ? readImageSize(bytes) : undefined;
  if (size) return { exact: true, width: size.width, height: size.height };
  return { exact: false, ...DEFAULT_IMAGE_SIZE, why: `image size unknown (${describe(img.url)})` };
}

/** Fewest and most tokens one image can cost under a rule at a detail level (any size). */
export function imageRange(rule: ImageRule, detail: ImageDetail): { min: number; max: number } {
  const sizes: [number, number][] = [
    [32, 32],
    [768, 2048],
    [2048, 768],
    [2048, 2048],
    [6000, 6000],
  ];
  const counts = sizes.map(([w, h]) => imageTokens(rule, w, h, detail));
  return { min: Math.min(...counts), max: Math.max(...counts) };
}

function describe(url: string | undefined): string {
  if (url === undefined) return 'file reference';
  if (url.startsWith('data:')) return 'unreadable data: URL';
  return /^https?:/i.test(url) ? `remote ${url.slice(0, 60)}` : `unreadable ${url.slice(0, 60)}`;
}

/** The first bytes of a data: URL or a local file; remote URLs are never fetched. */
function imageBytes(url: string | undefined, baseDir: string | undefined): Uint8Array | undefined {
  if (url === undefined || /^https?:/i.test(url)) return undefined;
  if (url.startsWith('data:')) {
    const comma = url.indexOf(',');
    if (comma < 0 || !url.slice(0, comma).endsWith(';base64')) return undefined;
    // 64 KB of base64 is enough for any header (JPEG metadata segments come first).
    return Buffer.from(url.slice(comma + 1, comma + 1 + 87_384), 'base64');
  }
  try {
    const path = url.startsWith('file:')
      ? fileURLToPath(url)
      : isAbsolute(url)
        ? url
        : resolve(baseDir ?? '.', url);
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(HEADER_BYTES);
      return head.subarray(0, readSync(fd, head, 0, HEADER_BYTES, 0));
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}
