"use client";
import { useState, type KeyboardEvent } from "react";
import { CodeBlock } from "@/app/_components/code-block";

/** Code samples in tabs (WAI-ARIA tabs pattern: arrow keys move between tabs). */
export function SnippetTabs({ snippets }: { snippets: Array<{ id: string; label: string; code: string }> }) {
  const [active, setActive] = useState(0);
  function onKey(e: KeyboardEvent<HTMLButtonElement>) {
    if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
    const next = (active + (e.key === "ArrowRight" ? 1 : snippets.length - 1)) % snippets.length;
    setActive(next);
    document.getElementById(`tab-${snippets[next]!.id}`)?.focus();
  }
  const current = snippets[active]!;
  return (
    <div>
      <div role="tablist" aria-label="Client code" className="tabs">
        {snippets.map((s, i) => (
          <button
            key={s.id}
            id={`tab-${s.id}`}
            role="tab"
            type="button"
            className="tab"
            aria-selected={i === active}
            aria-controls={`panel-${s.id}`}
            tabIndex={i === active ? 0 : -1}
            onClick={() => setActive(i)}
            onKeyDown={onKey}
          >
            {s.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${current.id}`} aria-labelledby={`tab-${current.id}`}>
        <CodeBlock code={current.code} label={current.label} />
      </div>
    </div>
  );
}
