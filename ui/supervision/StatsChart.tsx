/** Open and overdue stages over time as a small SVG line chart (no chart library). */
import { t } from '../i18n';

export interface Point {
  date: string;
  open: number;
  overdue: number;
}

const WIDTH = 640;
const HEIGHT = 200;
const PAD = { left: 36, right: 12, top: 12, bottom: 24 };

/** A "nice" upper bound for the y axis: five steps of 1, 2 or 5 × 10ⁿ. */
export function niceMax(value: number): number {
  const rough = Math.max(1, value / 5);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= rough)!;
  return 5 * step;
}

/** The polyline points of one series. */
export function linePoints(series: Point[], pick: (p: Point) => number, max: number): string {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = series.length > 1 ? innerW / (series.length - 1) : 0;
  return series.map((p, i) => `${(PAD.left + i * step).toFixed(1)},${(PAD.top + innerH - (pick(p) / max) * innerH).toFixed(1)}`).join(' ');
}

export function StatsChart({ series }: { series: Point[] }) {
  if (!series.length) return <p class="muted">{t('supervision.noStats')}</p>;
  const max = niceMax(Math.max(...series.map((p) => Math.max(p.open, p.overdue))));
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((f) => Math.round(max * f));
  const labelEvery = Math.max(1, Math.ceil(series.length / 6));
  const step = series.length > 1 ? (WIDTH - PAD.left - PAD.right) / (series.length - 1) : 0;
  const last = series[series.length - 1]!;
  return (
    <figure class="chart" data-testid="stats-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={t('supervision.chartTitle')}>
        {ticks.map((tick) => {
          const y = PAD.top + innerH - (tick / max) * innerH;
          return (
            <g>
              <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} class="grid" />
              <text x={PAD.left - 6} y={y + 4} text-anchor="end">
                {tick}
              </text>
            </g>
          );
        })}
        {series.map((p, i) =>
          i % labelEvery === 0 || i === series.length - 1 ? (
            <text x={PAD.left + i * step} y={HEIGHT - 6} text-anchor="middle">
              {p.date.slice(5)}
            </text>
          ) : null,
        )}
        <polyline points={linePoints(series, (p) => p.open, max)} class="line-open" />
        <polyline points={linePoints(series, (p) => p.overdue, max)} class="line-overdue" />
      </svg>
      <figcaption class="legend">
        <span>
          <i class="l-open" />
          {t('supervision.open')} ({last.open})
        </span>
        <span>
          <i class="l-overdue-line" />
          {t('supervision.overdue')} ({last.overdue})
        </span>
      </figcaption>
    </figure>
  );
}
