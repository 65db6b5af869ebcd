import type { ReactNode } from "react";

export function Card({
  title,
  description,
  actions,
  children,
  id,
  tone,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  id?: string;
  tone?: "danger";
}) {
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={`card${tone ? ` card-${tone}` : ""}`} id={id} aria-labelledby={title ? headingId : undefined}>
      {title || actions ? (
        <header className="card-header">
          <div>
            {title ? (
              <h2 className="card-title" id={headingId}>
                {title}
              </h2>
            ) : null}
            {description ? <p className="card-description">{description}</p> : null}
          </div>
          {actions ? <div className="card-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}
