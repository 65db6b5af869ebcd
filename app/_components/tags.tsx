/** A list of short identifiers (scopes, audiences) as tags. */
export function Tags({ values }: { values: readonly string[] }) {
  return (
    <>
      {values.map((v) => (
        <span key={v} className="tag">
          {v}
        </span>
      ))}
    </>
  );
}
