import { stringify } from 'csv-stringify/sync';
import { type FocusCharge, METERS } from './focus/focus-charge.js';
import type { Dimension } from './types.js';

/** The FOCUS version these exports conform to (FinOps-Open-Cost-and-Usage-Spec/FOCUS_Spec, tag v1.2). */
export const FOCUS_VERSION = '1.2';

/**
 * FOCUS 1.2 columns that apply to API token usage, in the spec's order of presentation: the
 * Mandatory ones, then the Conditional ones whose condition holds for an API priced from a
 * published price list (ListUnitPrice, ContractedUnitPrice, SkuId, SkuPriceId, SkuMeter,
 * ConsumedQuantity/Unit, PricingCategory, SubAccountId/Name, Tags) and the Recommended
 * ChargeFrequency and ServiceSubcategory. Report dimensions follow as x_ columns.
 */
export const FOCUS_COLUMNS = [
  'BilledCost',
  'BillingAccountId',
  'BillingAccountName',
  'BillingCurrency',
  'BillingPeriodEnd',
  'BillingPeriodStart',
  'ChargeCategory',
  'ChargeClass',
  'ChargeDescription',
  'ChargeFrequency',
  'ChargePeriodEnd',
  'ChargePeriodStart',
  'ConsumedQuantity',
  'ConsumedUnit',
  'ContractedCost',
  'ContractedUnitPrice',
  'EffectiveCost',
  'InvoiceIssuerName',
  'ListCost',
  'ListUnitPrice',
  'PricingCategory',
  'PricingQuantity',
  'PricingUnit',
  'ProviderName',
  'PublisherName',
  'ServiceCategory',
  'ServiceName',
  'ServiceSubcategory',
  'SkuId',
  'SkuMeter',
  'SkuPriceId',
  'SubAccountId',
  'SubAccountName',
  'Tags',
] as const;
type FocusColumn = (typeof FOCUS_COLUMNS)[number];

const TOKENS_PER_UNIT = 1_000_000n;
/** The price list's unit: rates are published in USD per 1M tokens. */
export const TOKEN_PRICING_UNIT = '1000000 Tokens';

/** x_ column name of a report dimension: api_key → x_ApiKey. */
export function customColumn(d: Dimension): string {
  return `x_${d.replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase())}`;
}

/**
 * A FOCUS 1.2 cost-and-usage CSV, one row per charge (collect-charges.ts). Nulls are empty cells;
 * numbers are exact decimals (PricingQuantity × ListUnitPrice = ListCost digit for digit); date/times
 * are UTC with a Z; strings are written as they are (FOCUS values carry no spreadsheet guard).
 */
export function renderFocus(charges: readonly FocusCharge[], dims: readonly Dimension[]): string {
  const custom = dims.map(customColumn);
  const records: string[][] = [[...FOCUS_COLUMNS, ...custom]];
  for (const c of charges) {
    const v = focusValues(c);
    records.push([...FOCUS_COLUMNS.map((col) => v[col] ?? ''), ...dims.map((d) => c.dims[d] ?? '')]);
  }
  return stringify(records, { record_delimiter: '\n' });
}

function focusValues(c: FocusCharge): Partial<Record<FocusColumn, string>> {
  const tokens = c.kind === 'tokens';
  const units = c.kind === 'units';
  const cost = (units: bigint) => decimal(units, c.costScale);
  const unitPrice = (u: bigint) => (tokens ? decimal(u * TOKENS_PER_UNIT, 18) : decimal(u, c.unitScale));
  const quantity = tokens ? decimal(c.quantity, 6) : decimal(c.quantity, units ? (c.quantityScale ?? 0) : 18);
  const unitName = tokens ? undefined : units ? (c.unitName ?? 'Units') : 'USD';
  const usage = c.kind !== 'topup-fee';
  const viaGateway = c.issuer.id !== 'openai';
  return {
    BilledCost: cost(c.billedCost),
    BillingAccountId: c.issuer.id,
    BillingAccountName: c.issuer.name,
    BillingCurrency: 'USD',
    BillingPeriodEnd: iso(c.billingEndMs),
    BillingPeriodStart: iso(c.billingStartMs),
    ChargeCategory: usage ? 'Usage' : 'Purchase',
    ChargeDescription: c.description,
    ChargeFrequency: usage ? 'Usage-Based' : 'One-Time',
    ChargePeriodEnd: iso(c.chargeEndMs),
    ChargePeriodStart: iso(c.chargeStartMs),
    ...(usage
      ? { ConsumedQuantity: tokens ? String(c.quantity) : quantity, ConsumedUnit: unitName ?? 'Tokens' }
      : {}),
    ContractedCost: cost(c.contractedCost),
    ContractedUnitPrice: unitPrice(c.contractedUnit),
    EffectiveCost: cost(c.billedCost),
    InvoiceIssuerName: c.issuer.name,
    ListCost: cost(c.listCost),
    ListUnitPrice: unitPrice(c.listUnit),
    PricingCategory: 'Standard',
    PricingQuantity: quantity,
    PricingUnit: unitName ?? TOKEN_PRICING_UNIT,
    ProviderName: c.issuer.name,
    PublisherName: 'OpenAI',
    ServiceCategory: 'AI and Machine Learning',
    ServiceName: viaGateway ? c.issuer.name : 'OpenAI API',
    ServiceSubcategory: 'Generative AI',
    SkuId: c.skuId,
    SkuMeter: c.skuMeter,
    SkuPriceId: c.skuPriceId,
    ...(c.project === '' ? {} : { SubAccountId: c.project, SubAccountName: c.project }),
    ...(c.tags === '' ? {} : { Tags: c.tags }),
  };
}

/** FOCUS metadata (a sidecar JSON file): data generator, FocusVersion and the column definitions. */
export function focusMetadata(dims: readonly Dimension[], createdMs: number, generator: string) {
  const numeric = new Set([
    'BilledCost',
    'ConsumedQuantity',
    'ContractedCost',
    'ContractedUnitPrice',
    'EffectiveCost',
    'ListCost',
    'ListUnitPrice',
    'PricingQuantity',
  ]);
  const dates = new Set(['BillingPeriodEnd', 'BillingPeriodStart', 'ChargePeriodEnd', 'ChargePeriodStart']);
  const columns = [...FOCUS_COLUMNS, ...dims.map(customColumn)];
  return {
    DataGenerator: { DataGenerator: generator },
    Schemas: [
      {
        SchemaId: `tokenledger-focus-${FOCUS_VERSION}-${columns.length}`,
        FocusVersion: FOCUS_VERSION,
        CreationDate: iso(Math.floor(createdMs / 1000) * 1000),
        ColumnDefinition: columns.map((name) => ({
          ColumnName: name,
          DataType: numeric.has(name)
            ? 'DECIMAL'
            : dates.has(name)
              ? 'DATETIME'
              : name === 'Tags'
                ? 'JSON'
                : 'STRING',
        })),
      },
    ],
  };
}

/** An exact decimal string of units / 10^scale, without trailing zeros or exponent. */
export function decimal(units: bigint, scale: number): string {
  const negative = units < 0n;
  const abs = negative ? -units : units;
  const s = abs.toString().padStart(scale + 1, '0');
  const whole = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export { METERS };
