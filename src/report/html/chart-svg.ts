import { Error as LOG_ERROR, logger, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Theme for every chart: text and axes in `currentColor`, so one SVG reads in light and dark mode
 * (the page sets `color`), a transparent background, and a palette legible on both.
 */
const CONFIG = {
  background: null,
  font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  view: { stroke: null },
  axis: {
    labelColor: 'currentColor',
    titleColor: 'currentColor',
    domainColor: 'currentColor',
    tickColor: 'currentColor',
    gridColor: 'currentColor',
    gridOpacity: 0.15,
    labelFontSize: 11,
    titleFontSize: 12,
  },
  legend: { labelColor: 'currentColor', titleColor: 'currentColor', labelLimit: 220 },
  title: { color: 'currentColor' },
  range: {
    category: [
      '#4e79a7',
      '#f28e2b',
      '#e15759',
      '#76b7b2',
      '#59a14f',
      '#edc948',
      '#b07aa1',
      '#ff9da7',
      '#9c755f',
      '#bab0ac',
    ],
  },
};

/**
 * Renders a Vega-Lite spec to an SVG string at generation time (no browser, no canvas: Vega's SVG
 * renderer estimates text widths), then names it for assistive technology: role="img", an
 * aria-label and a <title>.
 */
export async function chartSvg(spec: TopLevelSpec, label: string): Promise<string> {
  const full = { ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec;
  const vega = compile(full, { logger: logger(LOG_ERROR) }).spec;
  // Vega logs warnings through console: keep them off the CLI's stderr (only errors surface, as throws).
  const view = new View(parse(vega), { renderer: 'none', logLevel: LOG_ERROR });
  try {
    const svg = await view.toSVG();
    const safe = escapeXml(label);
    return svg
      .replace(/^<svg /, `<svg role="img" aria-label="${safe}" `)
      .replace(/^(<svg[^>]*>)/, `$1<title>${safe}</title>`);
  } finally {
    view.finalize();
  }
}

/** Escapes text for HTML and XML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
