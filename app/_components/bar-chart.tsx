// A dependency-free SVG bar chart (e.g. tokens per day). The numbers are also in a visually
// hidden table, so the chart is not color- or sight-only.
import { axisTicks } from "@/lib/usage/axis-ticks";

export interface BarDatum {
  /** Short label for the x axis (e.g. "11-23"). */
  label: string;
  value: number;
  /** Optional second series drawn on top (e.g. failed requests). */
  secondary?: number;
}

export function BarChart({
  data,
  title,
  valueLabel = "Issued",
  secondaryLabel = "Failed",
  height = 160,
}: {
  data: BarDatum[];
  title: string;
  valueLabel?: string;
  secondaryLabel?: string;
  height?: number;
}) {
  const width = 600;
  const pad = { top: 10, right: 8, bottom: 22, left: 36 };
  const ticks = axisTicks(Math.max(0, ...data.map((d) => d.value + (d.secondary ?? 0))));
  const niceMax = ticks.at(-1)!;
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const slot = innerW / Math.max(1, data.length);
  const barW = Math.max(2, slot * 0.7);
  const y = (v: number) => pad.top + innerH - (v / niceMax) * innerH;
  const hasSecondary = data.some((d) => d.secondary);
  const labelEvery = Math.ceil(data.length / 6);
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}: ${data.reduce((s, d) => s + d.value, 0)} ${valueLabel.toLowerCase()} in total`} preserveAspectRatio="none" className="chart-svg">
        {ticks.map((t) => (
          <g key={t} className="chart-y-tick">
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className="chart-grid" />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className="chart-axis">
              {formatCount(t)}
            </text>
          </g>
        ))}
        {data.map((d, i) => {
          const x = pad.left + i * slot + (slot - barW) / 2;
          const top = y(d.value);
          const secTop = y(d.value + (d.secondary ?? 0));
          return (
            <g key={i}>
              <title>{`${d.label}: ${d.value} ${valueLabel.toLowerCase()}${d.secondary ? `, ${d.secondary} ${secondaryLabel.toLowerCase()}` : ""}`}</title>
              <rect x={x} y={top} width={barW} height={pad.top + innerH - top} className="chart-bar" rx={1.5} />
              {d.secondary ? <rect x={x} y={secTop} width={barW} height={top - secTop} className="chart-bar-secondary" rx={1.5} /> : null}
              {i % labelEvery === 0 ? (
                <text x={x + barW / 2} y={height - 6} textAnchor="middle" className="chart-axis">
                  {d.label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="chart-legend">
        <span>
          <span className="legend-swatch chart-bar" aria-hidden="true" /> {valueLabel}
        </span>
        {hasSecondary ? (
          <span>
            <span className="legend-swatch chart-bar-secondary" aria-hidden="true" /> {secondaryLabel}
          </span>
        ) : null}
      </figcaption>
      {/* The wrapper hides the table: a table is never narrower than its content, so sr-only on
          the table itself would still widen the page on a phone. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">{valueLabel}</th>
              {hasSecondary ? <th scope="col">{secondaryLabel}</th> : null}
            </tr>
          </thead>
          <tbody>
            {data.map((d, i) => (
              <tr key={i}>
                <td>{d.label}</td>
                <td>{d.value}</td>
                {hasSecondary ? <td>{d.secondary ?? 0}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

function formatCount(v: number): string {
  if (v >= 1_000_000) return `${+(v / 1_000_000).toFixed(1)}M`;
  if (v >= 1000) return `${+(v / 1000).toFixed(1)}k`;
  return String(Math.round(v));
}
