// The digest's chart image, drawn without a browser: a Vega-Lite spec compiled to Vega, rendered to SVG
// headless, then rasterised to PNG by resvg with the machine's fonts. Attendance by week against the
// school's target on the left, pupils by tier on the right; the trust chart draws one line per school.

// Vega, Vega-Lite and resvg are loaded on the first chart, not with the app: they are ~70 MB of memory
// that a bot which draws one chart a week should not hold from start.
import type { TopLevelSpec } from 'vega-lite';
import { formatDate, type IsoDate } from '../../rules/index.js';
import type { DigestFigures } from './figures.js';

export interface ChartImage {
  filename: string;
  png: Uint8Array;
  width: number;
  height: number;
}

const FONT = 'DejaVu Sans';

function weekLabel(monday: IsoDate): string {
  return formatDate(monday).split(' ').slice(0, 2).join(' ');
}

function yDomain(values: number[], target: number | null): [number, number] {
  const all = target === null ? values : [...values, target];
  const low = all.length > 0 ? Math.min(...all) : 90;
  return [Math.max(0, Math.floor(low - 2)), 100];
}

export function digestChartSpec(f: DigestFigures): TopLevelSpec {
  const trend = f.trend.map((t) => ({ week: weekLabel(t.weekStart), pct: t.pct }));
  const order = trend.map((t) => t.week);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { font: FONT, view: { stroke: null } },
    background: 'white',
    hconcat: [
      {
        title: `Attendance by week: ${f.schoolName}`,
        width: 440,
        height: 240,
        layer: [
          {
            data: { values: trend },
            mark: { type: 'line', point: true, color: '#2c6fbb' },
            encoding: {
              x: { field: 'week', type: 'ordinal', sort: order, title: 'Week beginning', axis: { labelAngle: -45 } },
              y: { field: 'pct', type: 'quantitative', title: 'Attendance %', scale: { domain: yDomain(trend.map((t) => t.pct), f.targetPct), zero: false } },
            },
          },
          ...(f.targetPct === null ? [] : [
            { data: { values: [{ target: f.targetPct }] }, mark: { type: 'rule' as const, color: '#c0392b', strokeDash: [6, 4], strokeWidth: 2 }, encoding: { y: { field: 'target', type: 'quantitative' as const } } },
            {
              data: { values: [{ target: f.targetPct, label: `target ${f.targetPct}%` }] },
              mark: { type: 'text' as const, align: 'left' as const, dx: 4, dy: -8, color: '#c0392b', x: 0 },
              encoding: { y: { field: 'target', type: 'quantitative' as const }, text: { field: 'label' } },
            },
          ]),
        ],
      },
      {
        title: 'Pupils by tier',
        width: 240,
        height: 240,
        data: { values: f.tiers.map((t) => ({ tier: t.tier, pupils: t.pupils })) },
        mark: { type: 'bar', color: '#7f8c8d' },
        encoding: {
          y: { field: 'tier', type: 'nominal', sort: null, title: null, axis: { labelLimit: 220 } },
          x: { field: 'pupils', type: 'quantitative', title: 'Pupils', axis: { tickMinStep: 1, format: 'd' } },
        },
      },
    ],
  };
}

export interface TrustTrend {
  school: string;
  weekStart: IsoDate;
  pct: number;
}

export function trustChartSpec(title: string, trends: readonly TrustTrend[], persistent: readonly { school: string; pct: number }[]): TopLevelSpec {
  const values = trends.map((t) => ({ school: t.school, week: weekLabel(t.weekStart), monday: t.weekStart, pct: t.pct }));
  const order = [...new Set([...trends].sort((a, b) => a.weekStart.localeCompare(b.weekStart)).map((t) => weekLabel(t.weekStart)))];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { font: FONT, view: { stroke: null } },
    background: 'white',
    hconcat: [
      {
        title,
        width: 440,
        height: 240,
        data: { values },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'week', type: 'ordinal', sort: order, title: 'Week beginning', axis: { labelAngle: -45 } },
          y: { field: 'pct', type: 'quantitative', title: 'Attendance %', scale: { domain: yDomain(values.map((v) => v.pct), null), zero: false } },
          color: { field: 'school', type: 'nominal', title: 'School', legend: { orient: 'bottom', columns: 2, labelLimit: 260 } },
        },
      },
      {
        title: 'Persistent absence %',
        width: 220,
        height: 240,
        data: { values: [...persistent] },
        mark: { type: 'bar', color: '#7f8c8d' },
        encoding: {
          y: { field: 'school', type: 'nominal', sort: null, title: null, axis: { labelLimit: 200 } },
          x: { field: 'pct', type: 'quantitative', title: 'Pupils (%)' },
        },
      },
    ],
  };
}

/** SVG from a Vega-Lite spec, rendered headless. */
export async function chartSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function renderChart(spec: TopLevelSpec, filename: string): Promise<ChartImage> {
  const svg = await chartSvg(spec);
  const { Resvg } = await import('@resvg/resvg-js');
  const image = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: FONT } }).render();
  return { filename, png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}
