import { Children, cloneElement, isValidElement, type ReactElement, type ReactNode } from "react";

/**
 * A data table that scrolls sideways on narrow screens instead of breaking the layout. `stacked`
 * turns each row into a card below 640 px instead; each cell is labelled from its column's
 * heading (a cell's own `data-label` wins).
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
        <tbody>{stacked ? labelCells(children, head) : children}</tbody>
      </table>
    </div>
  );
}

type CellProps = { children?: ReactNode; "data-label"?: string };

/** Gives every <td> of the rows a data-label from the heading of its column (the card view's labels). */
function labelCells(rows: ReactNode, head: ReactNode[]): ReactNode {
  return Children.map(rows, (row) => {
    if (!isValidElement<CellProps>(row) || row.type !== "tr") return row;
    let column = 0;
    const cells = Children.map(row.props.children, (cell) => {
      if (!isValidElement<CellProps>(cell) || cell.type !== "td") return cell;
      const heading = head[column++];
      if (cell.props["data-label"] !== undefined || typeof heading !== "string") return cell;
      return cloneElement(cell as ReactElement<CellProps>, { "data-label": heading });
    });
    return cloneElement(row, undefined, cells);
  });
}
