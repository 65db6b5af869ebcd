import Link from "next/link";

/** Previous / next links that keep the other search params. */
export function Pager({
  basePath,
  params,
  page,
  pageCount,
  total,
  noun,
}: {
  basePath: string;
  params: Record<string, string | undefined>;
  page: number;
  pageCount: number;
  total: number;
  noun: string;
}) {
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
    if (p > 1) q.set("page", String(p));
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  return (
    <nav className="pager" aria-label="Pagination">
      <span>
        {total.toLocaleString("en-US")} {noun}
        {total === 1 ? "" : "s"} · page {page} of {pageCount.toLocaleString("en-US")}
      </span>
      <span className="pager-links">
        {page > 1 ? (
          <Link className="btn btn-secondary btn-sm" href={href(page - 1)} rel="prev">
            ← Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link className="btn btn-secondary btn-sm" href={href(page + 1)} rel="next">
            Next →
          </Link>
        ) : null}
      </span>
    </nav>
  );
}
