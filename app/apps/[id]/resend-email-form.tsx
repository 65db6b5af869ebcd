"use client";
import { useActionState } from "react";
import { resendEmailAction } from "../actions";
import { SubmitButton } from "@/app/_components/submit-button";
import type { FormState } from "@/app/_lib/form-state";

/** Resend one pending or failed email. A credentials email is re-issued with a NEW secret. */
export function ResendEmailForm({ appId, messageId, carriesSecret }: { appId: string; messageId: string; carriesSecret: boolean }) {
  const [state, action] = useActionState<FormState, FormData>(resendEmailAction, {});
  return (
    <form action={action} className="row">
      <input type="hidden" name="appId" value={appId} />
      <input type="hidden" name="messageId" value={messageId} />
      {carriesSecret ? (
        <label className="small">
          <span className="sr-only">Current secret stops working</span>
          <select name="grace" className="select" defaultValue="now" aria-label="Current secret stops working" style={{ minHeight: 32, padding: "2px 8px" }}>
            <option value="now">Old secret stops now</option>
            <option value="1h">Old secret: 1 more hour</option>
            <option value="24h">Old secret: 24 more hours</option>
            <option value="7d">Old secret: 7 more days</option>
          </select>
        </label>
      ) : null}
      <SubmitButton variant="secondary" size="sm" pendingLabel="Sending…">
        {carriesSecret ? "Resend with a new secret" : "Resend"}
      </SubmitButton>
      {state.message ? (
        <p className="field-error" role="alert">
          {state.message}
        </p>
      ) : null}
    </form>
  );
}
