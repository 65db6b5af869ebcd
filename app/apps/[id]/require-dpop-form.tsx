"use client";
import { useActionState, useState } from "react";
import { setRequireDpopAction } from "../key-actions";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { useKeepValuesSubmit } from "../use-keep-values-submit";
import { Notice } from "@/app/_components/notice";
import type { FormState } from "@/app/_lib/form-state";

/** Application.requireDpop (RFC 9449): token requests without a DPoP proof are refused. */
export function RequireDpopForm({ appId, requireDpop }: { appId: string; requireDpop: boolean }) {
  const [state, action, pending] = useActionState<FormState, FormData>(setRequireDpopAction, {});
  const onSubmit = useKeepValuesSubmit(action, pending, state);
  const [checked, setChecked] = useState(requireDpop);
  return (
    <form action={action} onSubmit={onSubmit} className="stack">
      <input type="hidden" name="appId" value={appId} />
      <label className="choice">
        <input type="checkbox" name="requireDpop" checked={checked} onChange={(e) => setChecked(e.target.checked)} aria-describedby="requireDpop-hint" />
        <span className="choice-title">Require DPoP-bound tokens</span>
        <span className="choice-description" id="requireDpop-hint">
          Every token request must carry a DPoP proof (RFC 9449), so a leaked token is useless without your client&apos;s private key; requests without one are
          refused.
        </span>
      </label>
      <div className="row">
        {/* Turning DPoP on refuses every client that does not send proofs yet: confirm that. */}
        <ConfirmSubmit
          when={checked && !requireDpop}
          variant="secondary"
          pending={pending}
          pendingLabel="Saving…"
          disabled={checked === requireDpop}
          title="Require DPoP for every token request?"
          confirmLabel="Require DPoP"
          consequence={
            <p>
              From now on the token endpoint refuses requests without a DPoP proof (RFC 9449): clients that do not send one yet fail until they are updated.
              Tokens already issued keep working until they expire.
            </p>
          }
        >
          Save
        </ConfirmSubmit>
        {state.message ? (
          <span className={state.ok ? "small" : "field-error"} role={state.ok ? "status" : "alert"}>
            {state.message}
          </span>
        ) : null}
      </div>
    </form>
  );
}
