"use client";
import { useState } from "react";
import { resendEmailAction } from "../actions";
import { ConfirmSubmit } from "@/app/_components/confirm-submit";
import { FormContext } from "@/app/_components/form-context";
import { useActionForm } from "@/app/_components/use-action-form";
import type { FormState } from "@/app/_lib/form-state";

/** Resend one pending or failed email. A credentials email is re-issued with a NEW secret. */
export function ResendEmailForm({ appId, messageId, carriesSecret }: { appId: string; messageId: string; carriesSecret: boolean }) {
  const { state, pending, formProps } = useActionForm<FormState>(resendEmailAction, {}, { resetOnSuccess: false });
  const [grace, setGrace] = useState("now");
  return (
    <form {...formProps} className="row">
      <FormContext.Provider value={{ pending }}>
        <input type="hidden" name="appId" value={appId} />
        <input type="hidden" name="messageId" value={messageId} />
        {carriesSecret ? (
          <label className="small">
            <span className="sr-only">Current secret stops working</span>
            <select name="grace" className="select select-inline" value={grace} onChange={(e) => setGrace(e.target.value)} aria-label="Current secret stops working">
              <option value="now">Old secret stops now</option>
              <option value="1h">Old secret: 1 more hour</option>
              <option value="24h">Old secret: 24 more hours</option>
              <option value="7d">Old secret: 7 more days</option>
            </select>
          </label>
        ) : null}
        <ConfirmSubmit
          when={carriesSecret && grace === "now"}
          variant="secondary"
          size="sm"
          pendingLabel="Sending…"
          title="Resend with a new secret, ending the current one now?"
          confirmLabel="Issue a new secret now"
          consequence={<p>The current secret stops working at once: clients still using it get invalid_client until they are given the new secret.</p>}
        >
          {carriesSecret ? "Resend with a new secret" : "Resend"}
        </ConfirmSubmit>
        {state.message ? (
          <p className={state.ok ? "small" : "field-error"} role={state.ok ? "status" : "alert"}>
            {state.message}
          </p>
        ) : null}
      </FormContext.Provider>
    </form>
  );
}
