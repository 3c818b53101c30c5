/**
 * A FOCUS 1.2 conformance checker for cost-and-usage CSVs, written from the MUST rules of the
 * specification (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag v1.2: specification/columns/*.md,
 * specification/attributes/*.md, specification/metadata/) that apply to an API priced per token
 * from a published price list. It returns every violation as "row N Column: rule"; the official
 * validator cannot be installed here.
 */
import { parse } from './csv.js';

const MANDATORY = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
];
/** Conditional columns whose condition holds for a per-token API with a published price list. */
const CONDITIONAL = [
  'ListUnitPrice',
  'ContractedUnitPrice',
  'SkuId',
  'SkuPriceId',
  'SkuMeter',
  'ConsumedQuantity',
  'ConsumedUnit',
  'PricingCategory',
  'SubAccountId',
  'SubAccountName',
  'Tags',
];
/** Recommended columns a per-token export fills (ChargeFrequency, ServiceSubcategory). */
const RECOMMENDED = ['ChargeFrequency', 'ServiceSubcategory'];
/**
 * The FOCUS columns this checker knows, written from the spec — deliberately NOT imported from
 * src/report/render-focus.ts (FOCUS_COLUMNS): a conformance check that read the exporter's own list
 * could not fail when that list drifts. The two lists are compared in both directions instead: a
 * spec column missing from the export fails "MUST be present", an exporter column the spec list
 * does not have fails below.
 */
export const SPEC_COLUMNS: readonly string[] = [...MANDATORY, ...CONDITIONAL, ...RECOMMENDED];
const NOT_NULL = [
  'BilledCost',
  'BillingAccountId',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ContractedCost',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
];
const DECIMALS = [
  'BilledCost',
  'ConsumedQuantity',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'ListCost',
  'ListUnitPrice',
  'PricingQuantity',
];
const DATES = ['BillingPeriodEnd', 'BillingPeriodStart', 'ChargePeriodEnd', 'ChargePeriodStart'];
const CHARGE_CATEGORIES = ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'];
const CHARGE_FREQUENCIES = ['One-Time', 'Recurring', 'Usage-Based'];
const PRICING_CATEGORIES = ['Standard', 'Dynamic', 'Committed', 'Other'];
/** ServiceSubcategory → its one parent ServiceCategory (the AI rows of the 1.2 table, and Other). */
const SUBCATEGORY_PARENT: Record<string, string> = {
  'AI Platforms': 'AI and Machine Learning',
  Bots: 'AI and Machine Learning',
  'Generative AI': 'AI and Machine Learning',
  'Machine Learning': 'AI and Machine Learning',
  'Natural Language Processing': 'AI and Machine Learning',
  'Other (AI and Machine Learning)': 'AI and Machine Learning',
};
const SERVICE_CATEGORIES = [
  'AI and Machine Learning',
  'Analytics',
  'Business Applications',
  'Compute',
  'Databases',
  'Developer Tools',
  'Multicloud',
  'Identity',
  'Integration',
  'Internet of Things',
  'Management and Governance',
  'Media',
  'Migration',
  'Mobile',
  'Networking',
  'Security',
  'Storage',
  'Web',
  'Other',
];
const PLACEHOLDERS = /^(\(none\)|none|n\/a|not applicable|unknown|null|undefined|-)$/i;
const DECIMAL = /^-?\d+(\.\d+)?(E-?\d+)?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

export interface FocusMetadata {
  DataGenerator?: { DataGenerator?: string };
  Schemas?: {
    SchemaId?: string;
    FocusVersion?: string;
    CreationDate?: string;
    ColumnDefinition?: { ColumnName?: string; DataType?: string }[];
  }[];
}

/** Every MUST violation found in a FOCUS CSV (and its metadata, when given). */
export function focusViolations(csv: string, metadata?: FocusMetadata): string[] {
  const out: string[] = [];
  const [header = [], ...rows] = parse(csv).filter((r) => r.length > 1 || r[0] !== '');
  for (const c of [...MANDATORY, ...CONDITIONAL])
    if (!header.includes(c)) out.push(`column ${c}: MUST be present`);
  let custom = false;
  for (const c of header) {
    if (c.startsWith('x_')) custom = true;
    else if (!/^[A-Z][A-Za-z0-9]*$/.test(c))
      out.push(
        `column ${c}: FOCUS column IDs MUST be alphanumeric Pascal case; custom columns MUST be prefixed x_`,
      );
    else if (custom) out.push(`column ${c}: custom columns SHOULD come after all FOCUS columns`);
    else if (!SPEC_COLUMNS.includes(c))
      out.push(`column ${c}: not a FOCUS 1.2 column (columns FOCUS does not define MUST be prefixed x_)`);
  }
  const skuOfPrice = new Map<string, string>();
  const listOfPrice = new Map<string, string>();
  rows.forEach((r, i) => {
    const n = i + 1;
    const v = (c: string): string | undefined => {
      const x = r[header.indexOf(c)];
      return x === undefined || x === '' ? undefined : x;
    };
    const bad = (c: string, rule: string) =>
      out.push(`row ${n} ${c}: ${rule} (value ${JSON.stringify(v(c) ?? null)})`);
    for (const c of NOT_NULL) if (v(c) === undefined) bad(c, 'MUST NOT be null');
    for (const c of DECIMALS)
      if (v(c) !== undefined && !DECIMAL.test(v(c)!)) bad(c, 'MUST conform to NumericFormat');
    for (const c of DATES)
      if (v(c) !== undefined && !DATETIME.test(v(c)!)) bad(c, "MUST be UTC 'YYYY-MM-DDTHH:mm:ssZ'");
    for (const c of header)
      if (!c.startsWith('x_') && v(c) !== undefined && PLACEHOLDERS.test(v(c)!.trim()))
        bad(c, 'MUST NOT use a placeholder for null');
    if (!/^[A-Z]{3}$/.test(v('BillingCurrency') ?? '')) bad('BillingCurrency', 'MUST be an ISO 4217 code');
    const category = v('ChargeCategory') ?? '';
    if (!CHARGE_CATEGORIES.includes(category)) bad('ChargeCategory', 'MUST be an allowed value');
    if (v('ChargeClass') !== undefined && v('ChargeClass') !== 'Correction')
      bad('ChargeClass', 'MUST be null or "Correction"');
    const correction = v('ChargeClass') === 'Correction';
    const freq = v('ChargeFrequency');
    if (header.includes('ChargeFrequency')) {
      if (freq === undefined || !CHARGE_FREQUENCIES.includes(freq))
        bad('ChargeFrequency', 'MUST NOT be null and MUST be an allowed value');
      if (category === 'Purchase' && freq === 'Usage-Based')
        bad('ChargeFrequency', 'MUST NOT be "Usage-Based" for a Purchase');
    }
    const service = v('ServiceCategory') ?? '';
    if (!SERVICE_CATEGORIES.includes(service)) bad('ServiceCategory', 'MUST be an allowed value');
    const sub = v('ServiceSubcategory');
    if (header.includes('ServiceSubcategory') && (sub === undefined || SUBCATEGORY_PARENT[sub] !== service))
      bad('ServiceSubcategory', 'MUST NOT be null and MUST have its one parent ServiceCategory');
    const priced = (category === 'Usage' || category === 'Purchase') && !correction;
    if (priced) {
      for (const c of [
        'ListUnitPrice',
        'ContractedUnitPrice',
        'PricingQuantity',
        'SkuId',
        'SkuPriceId',
        'PricingCategory',
      ])
        if (v(c) === undefined) bad(c, 'MUST NOT be null for Usage and Purchase charges');
    }
    if (category === 'Tax')
      for (const c of [
        'ListUnitPrice',
        'ContractedUnitPrice',
        'PricingQuantity',
        'SkuId',
        'SkuPriceId',
        'PricingCategory',
      ])
        if (v(c) !== undefined) bad(c, 'MUST be null for Tax');
    if (v('PricingCategory') !== undefined && !PRICING_CATEGORIES.includes(v('PricingCategory')!))
      bad('PricingCategory', 'MUST be an allowed value');
    for (const c of ['ListUnitPrice', 'ContractedUnitPrice'])
      if (v(c)?.startsWith('-')) bad(c, 'MUST be non-negative');
    if ((v('PricingUnit') === undefined) !== (v('PricingQuantity') === undefined))
      bad('PricingUnit', 'MUST be null exactly when PricingQuantity is null');
    if (category === 'Usage' && !correction && v('ConsumedQuantity') === undefined)
      bad('ConsumedQuantity', 'MUST NOT be null for Usage');
    if (category !== 'Usage' && v('ConsumedQuantity') !== undefined)
      bad('ConsumedQuantity', 'MUST be null when ChargeCategory is not Usage');
    if ((v('ConsumedUnit') === undefined) !== (v('ConsumedQuantity') === undefined))
      bad('ConsumedUnit', 'MUST be null exactly when ConsumedQuantity is null');
    if (v('SkuId') === undefined && v('SkuMeter') !== undefined)
      bad('SkuMeter', 'MUST be null when SkuId is null');
    if ((v('SubAccountName') === undefined) !== (v('SubAccountId') === undefined))
      bad('SubAccountName', 'MUST be null exactly when SubAccountId is null');
    for (const [unit, cost] of [
      ['ListUnitPrice', 'ListCost'],
      ['ContractedUnitPrice', 'ContractedCost'],
    ] as const) {
      const u = v(unit);
      const q = v('PricingQuantity');
      if (u && q && v(cost) && !correction && !sameDecimal(multiply(u, q), v(cost)!))
        bad(cost, `MUST equal ${unit} × PricingQuantity (${u} × ${q})`);
    }
    const start = Date.parse(v('ChargePeriodStart') ?? '');
    const end = Date.parse(v('ChargePeriodEnd') ?? '');
    const bStart = Date.parse(v('BillingPeriodStart') ?? '');
    const bEnd = Date.parse(v('BillingPeriodEnd') ?? '');
    if (!(start < end)) bad('ChargePeriodEnd', 'MUST be the exclusive end after the start');
    if (!(bStart < bEnd)) bad('BillingPeriodEnd', 'MUST be the exclusive end after the start');
    if (start < bStart || end > bEnd)
      bad('ChargePeriodStart', 'a charge period MUST lie within its billing period');
    const tags = v('Tags');
    if (tags !== undefined) {
      let ok = false;
      try {
        const t = JSON.parse(tags) as unknown;
        ok =
          typeof t === 'object' &&
          t !== null &&
          !Array.isArray(t) &&
          Object.values(t).every((x) => x === null || ['string', 'number', 'boolean'].includes(typeof x));
      } catch {}
      if (!ok) bad('Tags', 'MUST be a JSON object of string, number, boolean or null values');
    }
    const priceId = v('SkuPriceId');
    if (priceId !== undefined) {
      const sku = v('SkuId') ?? '';
      if ((skuOfPrice.get(priceId) ?? sku) !== sku)
        bad('SkuPriceId', 'MUST have one and only one parent SkuId');
      skuOfPrice.set(priceId, sku);
      const list = v('ListUnitPrice') ?? '';
      if ((listOfPrice.get(priceId) ?? list) !== list)
        bad('SkuPriceId', 'MUST support the lookup of one ListUnitPrice');
      listOfPrice.set(priceId, list);
    }
  });
  if (metadata) {
    if (!metadata.DataGenerator?.DataGenerator) out.push('metadata DataGenerator: MUST be provided');
    const schema = metadata.Schemas?.[0];
    if (schema?.FocusVersion !== '1.2')
      out.push('metadata FocusVersion: MUST match the version the dataset conforms to (1.2)');
    if (!schema?.SchemaId) out.push('metadata SchemaId: MUST be present');
    if (!DATETIME.test(schema?.CreationDate ?? ''))
      out.push('metadata CreationDate: MUST conform to DateTimeFormat');
    const names = schema?.ColumnDefinition?.map((c) => c.ColumnName) ?? [];
    if (names.join(',') !== header.join(','))
      out.push('metadata ColumnDefinition: ColumnName MUST list the dataset columns');
    if (schema?.ColumnDefinition?.some((c) => !c.DataType))
      out.push('metadata ColumnDefinition: DataType MUST be provided');
  }
  return out;
}

/** An exact decimal as units and scale. */
export function toDecimal(text: string): { units: bigint; scale: number } {
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  const units = BigInt(`${whole}${frac}`) * (text.startsWith('-') ? -1n : 1n);
  return { units, scale: frac.length };
}

function multiply(a: string, b: string): { units: bigint; scale: number } {
  const x = toDecimal(a);
  const y = toDecimal(b);
  return { units: x.units * y.units, scale: x.scale + y.scale };
}

function sameDecimal(a: { units: bigint; scale: number }, text: string): boolean {
  const b = toDecimal(text);
  const scale = Math.max(a.scale, b.scale);
  return a.units * 10n ** BigInt(scale - a.scale) === b.units * 10n ** BigInt(scale - b.scale);
}

/** Sum of a decimal column, exact, as units at `scale`. */
export function sumColumn(csv: string, column: string, scale: number): bigint {
  const [header = [], ...rows] = parse(csv).filter((r) => r.length > 1);
  const i = header.indexOf(column);
  let sum = 0n;
  for (const r of rows) {
    if (!r[i]) continue;
    const d = toDecimal(r[i]!);
    sum +=
      d.scale <= scale ? d.units * 10n ** BigInt(scale - d.scale) : d.units / 10n ** BigInt(d.scale - scale);
  }
  return sum;
}
