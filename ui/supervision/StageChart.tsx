/**
 * Open and overdue stages by stage, now, as a small SVG bar chart (no chart library): one bar per
 * stage as long as its open count, the overdue part (a subset of the open ones) drawn over it in red.
 */
import { t } from '../i18n';
import { processName } from '../lib/names';
import { niceMax } from './StatsChart';

export interface StageCount {
  bpmnProcessId: string;
  stage: string | null;
  open: number;
  overdue: number;
}

const WIDTH = 640;
const ROW = 26;
const PAD = { left: 230, right: 70, top: 8, bottom: 22 };
/** Most stages drawn; the rest are counted in a note. */
export const MAX_STAGES = 12;

/** The stages to draw: most overdue first, then most open, at most MAX_STAGES. */
export function stagesToDraw(stages: StageCount[]): StageCount[] {
  return [...stages].filter((s) => s.open > 0 || s.overdue > 0).sort((a, b) => b.overdue - a.overdue || b.open - a.open || (a.stage ?? '').localeCompare(b.stage ?? '', 'zh-CN')).slice(0, MAX_STAGES);
}

/** A label cut to `max` characters (CJK characters are wide, so the cut is by character). */
function shorten(text: string, max: number): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

export function StageChart({ stages }: { stages: StageCount[] }) {
  const drawn = stagesToDraw(stages);
  if (!drawn.length) return <p class="muted">{t('supervision.noStages')}</p>;
  const max = niceMax(Math.max(...drawn.map((s) => s.open)));
  const innerW = WIDTH - PAD.left - PAD.right;
  const height = PAD.top + drawn.length * ROW + PAD.bottom;
  const x = (value: number) => PAD.left + (value / max) * innerW;
  const ticks = [0, 0.2, 0.4, 0.6, 0.8, 1].map((f) => Math.round(max * f));
  const hidden = stages.filter((s) => s.open > 0 || s.overdue > 0).length - drawn.length;
  return (
    <figure class="chart bars" data-testid="stage-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={t('supervision.byStage')}>
        {ticks.map((tick) => (
          <g>
            <line x1={x(tick)} x2={x(tick)} y1={PAD.top} y2={height - PAD.bottom} class="grid" />
            <text x={x(tick)} y={height - 6} text-anchor="middle">
              {tick}
            </text>
          </g>
        ))}
        {drawn.map((stage, i) => {
          const y = PAD.top + i * ROW;
          const label = stage.stage ?? '—';
          return (
            <g data-testid="stage-row">
              <title>{`${label}（${processName(stage.bpmnProcessId)}）：${t('supervision.open')} ${stage.open}，${t('supervision.overdue')} ${stage.overdue}`}</title>
              <text x={PAD.left - 8} y={y + ROW / 2 + 4} text-anchor="end">
                {shorten(label, 16)}
              </text>
              <rect x={PAD.left} y={y + 5} width={Math.max(0, x(stage.open) - PAD.left)} height={ROW - 10} class="bar-open" />
              {stage.overdue ? <rect x={PAD.left} y={y + 5} width={Math.max(0, x(stage.overdue) - PAD.left)} height={ROW - 10} class="bar-overdue" /> : null}
              <text x={x(stage.open) + 6} y={y + ROW / 2 + 4} class="bar-value">
                {stage.overdue ? `${stage.open} / ${stage.overdue}` : String(stage.open)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        <span>
          <i class="l-open-bar" />
          {t('supervision.open')}
        </span>
        <span>
          <i class="l-overdue-bar" />
          {t('supervision.overdue')}
        </span>
        {hidden > 0 ? <span class="muted">{t('supervision.moreStages', { count: hidden })}</span> : null}
      </figcaption>
    </figure>
  );
}
