"use client";
// The refresh-token toggle and lifetime of one application. Submitted through
// useKeepValuesSubmit: a refused save (a lifetime out of range) keeps what the admin entered
// instead of React 19 resetting the form to the saved state.
import { useActionState } from "react";
import { Notice } from "@/app/_components/notice";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import type { FormState } from "@/app/_lib/form-state";
import { useKeepValuesSubmit } from "@/app/apps/use-keep-values-submit";

export function RefreshTokensForm({
  action,
  refreshTokens,
  lifetime,
  lifetimeHint,
}: {
  action: (state: FormState, form: FormData) => Promise<FormState>;
  refreshTokens: boolean;
  /** The saved lifetime as the field writes it ("1d", "2h"). */
  lifetime: string;
  lifetimeHint: string;
}) {
  const [state, formAction, pending] = useActionState<FormState, FormData>(action, {});
  const onSubmit = useKeepValuesSubmit(formAction, pending, state);
  const fieldMessages = Object.values(state.fieldErrors ?? {}).flatMap((m) => m ?? []);
  return (
    <form action={formAction} onSubmit={onSubmit} className="action-form" aria-label="Refresh tokens">
      {state.message ? (
        <Notice tone={state.ok ? "success" : "error"}>
          {state.message}
          {fieldMessages.length && !state.ok ? (
            <ul>
              {fieldMessages.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          ) : null}
        </Notice>
      ) : null}
      <label className="choice">
        <input type="checkbox" name="refreshTokens" defaultChecked={refreshTokens} aria-describedby="refresh-tokens-hint" />
        <span className="choice-title">Issue refresh tokens</span>
        <span className="choice-description" id="refresh-tokens-hint">
          Every token response then carries a single-use refresh token (grant_type=refresh_token, with client authentication). Each refresh returns a new one;
          presenting a used one again revokes its whole chain and emails the team (RFC 9700 §4.14.2). Turning this off refuses the refresh tokens already
          issued.
        </span>
      </label>
      <div className="field">
        <label htmlFor="refresh-token-lifetime" className="field-label">
          Refresh-token lifetime
        </label>
        <p id="refresh-token-lifetime-hint" className="field-hint">
          {lifetimeHint}
        </p>
        <input
          id="refresh-token-lifetime"
          name="refreshTokenLifetime"
          className="input"
          required
          pattern="\s*\d{1,9}\s*[smhd]?\s*"
          defaultValue={lifetime}
          aria-describedby="refresh-token-lifetime-hint"
          aria-invalid={state.fieldErrors?.refreshTokenLifetime?.length ? true : undefined}
        />
      </div>
      {/* Turning refresh tokens off refuses the ones already issued: confirm that (issue #12 item 4). */}
      <ConfirmSubmit
        when={refreshTokens}
        confirmIf={{ field: "refreshTokens", equals: "" }}
        pending={pending}
        pendingLabel="Saving…"
        variant="secondary"
        title="Stop issuing refresh tokens?"
        confirmLabel="Turn refresh tokens off"
        consequence={<p>Every refresh token already issued to this application is refused from now on: clients that rely on refreshing must authenticate again with their credentials.</p>}
      >
        Save refresh-token setting
      </ConfirmSubmit>
    </form>
  );
}
