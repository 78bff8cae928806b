import './bar-chart.css'

export type Bar = { label: string; value: number }

/**
 * A bar chart in plain SVG (no chart library: the checkout budget and the portal's size matter more than
 * animations). `value` is in minor units or counts; `format` turns one into text. Each bar carries a tooltip,
 * and the figure is described for screen readers by its caption and its highest bar.
 */
export function BarChart(props: { bars: Bar[]; format(value: number): string; caption: string; empty?: string }) {
  const { bars, format } = props
  const max = Math.max(0, ...bars.map((b) => b.value))
  const width = 600
  const height = 160
  const top = 8
  const slot = bars.length === 0 ? width : width / bars.length
  const barWidth = Math.max(2, slot * 0.7)
  const best = bars.reduce<Bar | undefined>((a, b) => (a && a.value >= b.value ? a : b), undefined)
  const summary =
    max === 0 || !best
      ? `${props.caption}: ${props.empty ?? 'nothing yet'}`
      : `${props.caption}: highest ${format(best.value)} on ${best.label}`
  return (
    <figure className="card bar-chart">
      <figcaption>
        <span>{props.caption}</span>
        {max > 0 ? <span className="muted">Peak {format(max)}</span> : null}
      </figcaption>
      <div className="bar-chart-plot">
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={summary} preserveAspectRatio="none">
          <line x1={0} x2={width} y1={height} y2={height} className="axis" vectorEffect="non-scaling-stroke" />
          {bars.map((bar, i) => {
            const h = max === 0 ? 0 : ((height - top) * bar.value) / max
            return (
              <rect
                key={bar.label}
                x={i * slot + (slot - barWidth) / 2}
                y={height - h}
                width={barWidth}
                height={Math.max(h, bar.value > 0 ? 2 : 0)}
              >
                <title>{`${bar.label}: ${format(bar.value)}`}</title>
              </rect>
            )
          })}
        </svg>
        {max === 0 ? <p className="muted bar-chart-empty">{props.empty ?? 'Nothing yet.'}</p> : null}
      </div>
      {/* Labels are HTML, not SVG text, so they keep their size when the chart stretches to the screen. */}
      <div className="bar-chart-labels" aria-hidden="true">
        {ticks(bars.length).map((i) => (
          <span key={i} style={tickPosition(i, bars.length)}>
            {bars[i]?.label}
          </span>
        ))}
      </div>
    </figure>
  )
}

/** Which bars get a label: the last, and every `step`-th before it (a week apart on a 30-day chart), at most five. */
function ticks(count: number): number[] {
  const step = Math.max(1, Math.round((count - 1) / 4))
  const indices: number[] = []
  for (let i = count - 1; i >= 0 && indices.length < 5; i -= step) indices.unshift(i)
  return indices
}

/** The last label ends at the right edge and one near the left starts at it, so none is cut off. */
function tickPosition(i: number, count: number) {
  const center = ((i + 0.5) * 100) / count
  if (i === count - 1 && count > 1) return { right: 0 }
  if (center < 10) return { left: 0 }
  return { left: `${center}%`, transform: 'translateX(-50%)' }
}

/** The last `days` UTC calendar days, oldest first, as `YYYY-MM-DD`, ending today. */
function lastDays(days: number, now = new Date()): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10),
  )
}

/** Bars for each of the last `days` days, filling days without data with zero. */
export function dailyBars(series: { date: string; value: number }[], days: number, now = new Date()): Bar[] {
  const byDate = new Map(series.map((p) => [p.date, p.value]))
  return lastDays(days, now).map((date) => ({ label: shortDate(date), value: byDate.get(date) ?? 0 }))
}

function shortDate(isoDate: string): string {
  const [, month, day] = isoDate.split('-').map(Number)
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
  return `${names[(month ?? 1) - 1]} ${day}`
}
