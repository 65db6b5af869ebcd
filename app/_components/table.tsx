import type { ReactNode } from "react";

/**
 * A data table that scrolls sideways on narrow screens instead of breaking the layout. `stacked`
 * turns each row into a card below 640 px instead; cells then need `data-label`.
 */
export function Table({ caption, head, children, stacked }: { caption: string; head: ReactNode[]; children: ReactNode; stacked?: boolean }) {
  return (
    <div className={`table-wrap${stacked ? " table-wrap-stacked" : ""}`} role="region" aria-label={caption} tabIndex={0}>
      <table className={`table${stacked ? " table-stacked" : ""}`}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th scope="col" key={i}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
