"use client";
// Paste or upload, Preview (the dry run), then Import: the preview must be of exactly the text
// being imported and without problems before Import is enabled. The file is read here into the
// text box; only the text is sent. Secrets that were imported are never shown back; generated
// ones are shown this once.
import Link from "next/link";
import { useActionState, useState, type ChangeEvent } from "react";
import { Notice } from "@/app/_components/notice";
import { Table } from "@/app/_components/table";
import { Tags } from "@/app/_components/tags";
import { buttonClass } from "@/app/_components/button";
import { CopyButton } from "@/app/_components/copy-button";
import { useKeepValuesSubmit } from "@/app/apps/use-keep-values-submit";
import { importAction } from "./actions";
import { MAX_CONSOLE_IMPORT_BYTES, SHOWN_ROWS, type ImportState } from "./import-state";

const SECRET_LABEL = { hmac: "imported", scrypt: "imported (short: scrypt)", generated: "generated" } as const;

export function ImportForm() {
  const [state, dispatch, pending] = useActionState<ImportState, FormData>(importAction, {});
  const onSubmit = useKeepValuesSubmit(dispatch, pending, state);
  const [records, setRecords] = useState("");
  const [previewed, setPreviewed] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [lastState, setLastState] = useState<ImportState>(state);

  // A new answer: remember which text a clean preview was of (render-time state sync, no effect).
  if (state !== lastState) {
    setLastState(state);
    if (state.mode === "preview" && state.ok) setPreviewed(records);
    else if (state.mode === "import" && state.ok) {
      setPreviewed(null);
      setRecords("");
    } else setPreviewed(null);
  }

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(null);
    if (!file) return;
    if (file.size > MAX_CONSOLE_IMPORT_BYTES) {
      setFileError(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB: the console takes up to ${Math.round(MAX_CONSOLE_IMPORT_BYTES / 1024)} KiB. Use keyport apps import ${file.name}.`);
      event.target.value = "";
      return;
    }
    setRecords(await file.text());
    setPreviewed(null);
  }

  const tooLarge = new Blob([records]).size > MAX_CONSOLE_IMPORT_BYTES;
  const canImport = previewed !== null && previewed === records && !pending;
  const counts = state.counts;

  return (
    <div className="stack">
      <form action={dispatch} onSubmit={onSubmit} className="form import-form" aria-label="Import applications">
        <div className="field">
          <label htmlFor="import-records" className="field-label">
            Records (JSON Lines or CSV)
          </label>
          <p id="import-records-hint" className="field-hint">
            One application per line. Up to {Math.round(MAX_CONSOLE_IMPORT_BYTES / 1024)} KiB here; larger files with <span className="mono">keyport apps import FILE</span>.
          </p>
          <textarea
            id="import-records"
            name="records"
            className="textarea textarea-code import-records"
            rows={10}
            spellCheck={false}
            autoComplete="off"
            value={records}
            aria-describedby="import-records-hint"
            aria-invalid={tooLarge || undefined}
            onChange={(e) => {
              setRecords(e.target.value);
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="import-file" className="field-label">
            Or choose a file
          </label>
          <input id="import-file" type="file" className="input" accept=".jsonl,.ndjson,.json,.csv,.txt,text/csv,application/json,text/plain" onChange={onFile} aria-describedby={fileError ? "import-file-error" : undefined} />
          {fileError ? (
            <p id="import-file-error" className="field-error" role="alert">
              {fileError}
            </p>
          ) : null}
        </div>
        <label className="row">
          <input type="checkbox" name="notify" />
          <span>Email the owners (the credentials for generated secrets, a notice for imported ones)</span>
        </label>
        <div className="form-actions">
          <button type="submit" name="intent" value="preview" className={buttonClass("secondary")} disabled={pending || !records.trim() || tooLarge}>
            {pending ? "Working…" : "Preview"}
          </button>
          <button type="submit" name="intent" value="import" className={buttonClass("primary")} disabled={!canImport}>
            {canImport && counts ? `Import ${counts.applications} application${counts.applications === 1 ? "" : "s"}` : "Import"}
          </button>
          {!canImport && records.trim() && !pending ? <span className="small muted">Preview first: Import uses exactly what was previewed.</span> : null}
        </div>
      </form>

      {state.message ? (
        <Notice tone={state.ok ? "success" : "error"} title={state.message}>
          {counts ? (
            <p className="small" data-testid="import-counts">
              {counts.records} record(s) · {counts.applications} valid · {counts.newOwners} new owner(s) · secrets: {counts.hmacSecrets} imported, {counts.scryptSecrets} short (scrypt), {counts.generatedSecrets} generated
            </p>
          ) : null}
        </Notice>
      ) : null}

      {state.issues?.length ? (
        <section aria-labelledby="import-problems" className="stack">
          <h2 id="import-problems">Problems ({state.issueCount})</h2>
          <ul className="import-issues" data-testid="import-issues">
            {state.issues.map((i, k) => (
              <li key={k}>
                {i.line ? <strong>Line {i.line}:</strong> : null} {i.message}
              </li>
            ))}
          </ul>
          {state.issueCount && state.issueCount > state.issues.length ? <p className="small muted">… and {state.issueCount - state.issues.length} more.</p> : null}
        </section>
      ) : null}

      {state.mode === "preview" && state.ok && state.rows?.length ? (
        <section aria-labelledby="import-plan" className="stack">
          <h2 id="import-plan">What will be created</h2>
          {state.newOwners?.length ? <p className="small">New owners (accounts are created): {state.newOwners.join(", ")}</p> : null}
          <Table caption="Applications to import" head={["Line", "Name", "client_id", "Owner", "Scopes", "Audience", "Secret"]} stacked>
            {state.rows.map((r) => (
              <tr key={r.line} data-line={r.line}>
                <td data-label="Line">{r.line}</td>
                <td data-label="Name">{r.name}</td>
                <td data-label="client_id" className="mono">
                  {r.clientId ?? <span className="muted">generated</span>}
                </td>
                <td data-label="Owner">
                  {r.owner}
                  {r.ownerIsNew ? <span className="tag tag-warn">new</span> : null}
                </td>
                <td data-label="Scopes">
                  <Tags values={r.scopes} />
                </td>
                <td data-label="Audience">
                  <Tags values={r.audiences} />
                </td>
                <td data-label="Secret">{SECRET_LABEL[r.secret]}</td>
              </tr>
            ))}
          </Table>
          {counts && counts.applications > SHOWN_ROWS ? <p className="small muted">The first {SHOWN_ROWS} of {counts.applications}.</p> : null}
        </section>
      ) : null}

      {state.mode === "import" && state.ok && state.created ? (
        <section aria-labelledby="import-created" className="stack">
          <h2 id="import-created">Imported</h2>
          {state.credentials?.length ? (
            <Notice tone="warn" title="Copy the generated secrets now: you will not see them again">
              These records had no client_secret. Keyport keeps only digests; hand each secret to its owner through your secret manager.
            </Notice>
          ) : null}
          <Table caption="Imported applications" head={["Line", "Name", "client_id"]} stacked>
            {state.created.map((c) => (
              <tr key={c.id} data-line={c.line}>
                <td data-label="Line">{c.line}</td>
                <td data-label="Name">
                  <Link href={`/admin/apps/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                </td>
                <td data-label="client_id" className="mono">
                  {c.clientId}
                </td>
              </tr>
            ))}
          </Table>
          {counts && counts.applications > state.created.length ? <p className="small muted">The first {state.created.length} of {counts.applications}.</p> : null}
          {state.credentials?.length ? (
            <Table caption="Generated secrets" head={["Line", "client_id", "client_secret"]} stacked>
              {state.credentials.map((x) => (
                <tr key={x.line} data-line={x.line}>
                  <td data-label="Line">{x.line}</td>
                  <td data-label="client_id" className="mono">
                    {x.clientId}
                  </td>
                  <td data-label="client_secret">
                    <span className="row">
                      <code className="mono" data-testid="generated-secret">
                        {x.clientSecret}
                      </code>
                      <CopyButton value={x.clientSecret} label="Copy secret" />
                    </span>
                  </td>
                </tr>
              ))}
            </Table>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
