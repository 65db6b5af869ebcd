"use client";
import { useActionState } from "react";
import { setJwksUriAction } from "../key-actions";
import { SubmitButton } from "@/app/_components/submit-button";
import { useKeepValuesSubmit } from "../use-keep-values-submit";
import { Notice } from "@/app/_components/notice";
import type { FormState } from "@/app/_lib/form-state";
import { JwksUriInput } from "../jwks-uri-input";

/** Set or change the jwks_uri; with one set, "Stop using it" clears it (back to pasted keys). */
export function JwksUriForm({ appId, current }: { appId: string; current: string | null }) {
  const [state, action, pending] = useActionState<FormState, FormData>(setJwksUriAction, {});
  const onSubmit = useKeepValuesSubmit(action, pending, state);
  const errors = state.fieldErrors?.jwksUri;
  return (
    <form action={action} onSubmit={onSubmit} className="form" noValidate>
      <input type="hidden" name="appId" value={appId} />
      {state.ok && state.message ? <Notice tone="success">{state.message}</Notice> : null}
      {state.message && !state.ok && !errors ? <Notice tone="error">{state.message}</Notice> : null}
      <JwksUriInput initial={current ?? ""} errors={errors} />
      <div className="form-actions">
        <SubmitButton variant="secondary" pending={pending} pendingLabel="Saving…">
          {current ? "Save jwks_uri" : "Use this jwks_uri"}
        </SubmitButton>
        {current ? (
          <button type="submit" name="clear" value="1" className="btn btn-ghost">
            Stop using the jwks_uri
          </button>
        ) : null}
      </div>
    </form>
  );
}
