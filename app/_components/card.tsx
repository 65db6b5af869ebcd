import type { ReactNode } from "react";

export function Card({
  title,
  description,
  actions,
  children,
  id,
  tone,
  headingLevel = 2,
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  id?: string;
  tone?: "danger";
  /** 1 when the card is the page's main content and its title the page's one h1 (sign-in pages). */
  headingLevel?: 1 | 2;
}) {
  const headingId = id ? `${id}-title` : undefined;
  const Heading = headingLevel === 1 ? "h1" : "h2";
  return (
    <section className={`card${tone ? ` card-${tone}` : ""}`} id={id} aria-labelledby={title ? headingId : undefined}>
      {title || actions ? (
        <header className="card-header">
          <div>
            {title ? (
              <Heading className="card-title" id={headingId}>
                {title}
              </Heading>
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
