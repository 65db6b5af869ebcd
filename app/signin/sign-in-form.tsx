"use client";
import { useActionState } from "react";
import { requestSignInLink } from "./actions";
import { SubmitButton } from "@/app/_components/submit-button";
import { Field, TextInput } from "@/app/_components/field";
import { Notice } from "@/app/_components/notice";
import type { FormState } from "@/app/_lib/form-state";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action] = useActionState<FormState, FormData>(requestSignInLink, {});
  return (
    <form action={action} className="form" noValidate>
      {state.message ? <Notice tone="error">{state.message}</Notice> : null}
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Field id="email" label="Work email" errors={state.fieldErrors?.email}>
        <TextInput id="email" name="email" type="email" autoComplete="email" required autoFocus errors={state.fieldErrors?.email} placeholder="you@company.com" />
      </Field>
      <SubmitButton pendingLabel="Sending link…">Email me a sign-in link</SubmitButton>
    </form>
  );
}
