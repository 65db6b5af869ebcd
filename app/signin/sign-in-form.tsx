"use client";
import { requestSignInLink } from "./actions";
import { SubmitButton } from "@/app/_components/submit-button";
import { Field, TextInput } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import { FormContext } from "@/app/_components/form-context";
import { useActionForm } from "@/app/_components/use-action-form";
import type { FormState } from "@/app/_lib/form-state";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  // A refused address stays in the field to be corrected (a success redirects to check-email).
  const { state, pending, formProps } = useActionForm<FormState>(requestSignInLink, {}, { resetOnSuccess: false });
  return (
    <form {...formProps} className="form" noValidate>
      <FormContext.Provider value={{ pending }}>
        {state.message ? <Notice tone="error">{state.message}</Notice> : null}
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <Field id="email" label="Work email" errors={state.fieldErrors?.email}>
          <TextInput id="email" name="email" type="email" autoComplete="email" required autoFocus errors={state.fieldErrors?.email} placeholder="you@company.com" />
        </Field>
        <SubmitButton pendingLabel="Sending link…">Email me a sign-in link</SubmitButton>
      </FormContext.Provider>
    </form>
  );
}
