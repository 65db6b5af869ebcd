"use client";
import { useActionState } from "react";
import Link from "next/link";
import { registerAppAction, type RegisterState } from "../actions";
import { Field, FieldError, TextInput, fieldAria } from "@/app/_components/field";
import { SubmitButton } from "@/app/_components/submit-button";
import { Notice } from "@/app/_components/notice";
import { Card } from "@/app/_components/card";
import { StatusBadge } from "@/app/_components/status-badge";
import { ButtonLink } from "@/app/_components/button";
import { SecretReveal } from "../secret-reveal";
import { AuthMethodFields } from "./auth-method-fields";
import { useKeepValuesSubmit } from "../use-keep-values-submit";
import { PublicKeyReveal } from "./public-key-reveal";
import type { RegistrationOptions } from "@/lib/catalog/list-registration-options";

/** A team the user may register into (developer or admin there). */
export interface TeamChoice {
  slug: string;
  name: string;
  personal: boolean;
}

export function NewAppForm({
  options,
  registrationKey,
  teams = [],
  defaultTeam,
  defaultScope = null,
}: {
  options: RegistrationOptions;
  registrationKey: string;
  teams?: TeamChoice[];
  /** Slug of the team preselected (?team=…, else the personal team). */
  defaultTeam?: string;
  /** The catalog's default scope, ticked in advance (KEYPORT_DEFAULT_SCOPE, lib/catalog/pick-default-scope.ts). */
  defaultScope?: string | null;
}) {
  const [state, action, pending] = useActionState<RegisterState, FormData>(registerAppAction, {});
  const errors = state.fieldErrors ?? {};
  // The submit button disables itself once React re-renders, but clicks that land before that
  // (a double or triple click) would each queue another registration: the hook's ref refuses them
  // until the action has answered (the server is idempotent anyway: the form's registration key
  // makes repeats return "already registered"). It also keeps what the owner typed, ticked and
  // pasted when a submit is refused.
  const onSubmit = useKeepValuesSubmit(action, pending, state);

  if (state.created) {
    const c = state.created;
    return (
      <Card
        title={`${c.name} is registered`}
        description={
          c.clientSecret !== null
            ? "Your application's client credentials for the OAuth 2.0 client-credentials grant."
            : "Your application authenticates with a JWT signed by its own private key (private_key_jwt, RFC 7523)."
        }
        actions={<StatusBadge status={c.status} />}
      >
        <div className="stack">
          {c.status === "pending" ? (
            <Notice tone="info" title="Waiting for approval">
              {c.pendingScopes.join(", ")} {c.pendingScopes.length === 1 ? "needs" : "need"} an administrator&apos;s approval. The credentials below start working once
              the application is approved; we will email you.
            </Notice>
          ) : null}
          {c.clientSecret !== null ? (
            <SecretReveal clientId={c.clientId} clientSecret={c.clientSecret} tokenEndpoint={c.tokenEndpoint} scopes={c.scopes} mailStatus={c.mailStatus} expiresAt={c.secretExpiresAt} />
          ) : (
            <PublicKeyReveal created={c} />
          )}
          <div className="row">
            <ButtonLink href={`/apps/${c.id}`}>Go to the application</ButtonLink>
            <ButtonLink href="/apps" variant="secondary">
              All my applications
            </ButtonLink>
          </div>
        </div>
      </Card>
    );
  }

  return (
    <form action={action} onSubmit={onSubmit} className="form" noValidate>
      <input type="hidden" name="registrationKey" value={registrationKey} />
      {state.alreadyRegistered ? (
        <Notice tone="info" title="Already registered">
          This form was already submitted: <Link href={`/apps/${state.alreadyRegistered.id}`}>{state.alreadyRegistered.name}</Link> is registered. If it uses a
          client secret, that was shown once, on the first submit, and emailed to you; rotate it on the application&apos;s page if you do not have it.
        </Notice>
      ) : state.message && !state.ok ? (
        <Notice tone="error">{state.message}</Notice>
      ) : null}
      {teams.length > 1 ? (
        <Field id="team" label="Team" hint="The team that owns the application: its admins and developers manage it and get its emails." errors={errors.team}>
          <select id="team" name="team" className="select" defaultValue={defaultTeam} {...fieldAria("team", errors.team, true)}>
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.personal ? `${t.name} (personal)` : t.name}
              </option>
            ))}
          </select>
        </Field>
      ) : teams[0] ? (
        <input type="hidden" name="team" value={teams[0].slug} />
      ) : null}
      <Field id="name" label="Application name" hint="Shown to administrators and in emails, e.g. “Billing sync (prod)”." errors={errors.name}>
        <TextInput id="name" name="name" required maxLength={80} autoComplete="off" errors={errors.name} hasHint />
      </Field>
      <Field id="description" label="Description (optional)" hint="What the application does and who runs it." errors={errors.description}>
        <textarea id="description" name="description" className="textarea" maxLength={500} {...fieldAria("description", errors.description, true)} />
      </Field>
      <fieldset className="fieldset" aria-describedby={errors.scopes ? "scopes-error" : "scopes-hint"}>
        <legend>Scopes</legend>
        <p className="field-hint" id="scopes-hint">
          What the application may do. Scopes marked “needs approval” keep it pending until an administrator approves.
        </p>
        {options.scopes.length === 0 ? <Notice tone="warn">No scopes are available yet. Ask an administrator to create some.</Notice> : null}
        {options.scopes.map((s) => (
          <label className="choice" key={s.name}>
            <input type="checkbox" name="scopes" value={s.name} defaultChecked={s.name === defaultScope} />
            <span className="choice-title">
              <code>{s.name}</code>
              {s.requiresApproval ? <span className="tag tag-warn">needs approval</span> : null}
            </span>
            <span className="choice-description">{s.description}</span>
          </label>
        ))}
        <FieldError id="scopes" errors={errors.scopes} />
      </fieldset>
      <Field id="audience" label="API (audience)" hint="The API your tokens are for; it becomes the token's aud claim." errors={errors.audience}>
        <select id="audience" name="audience" className="select" defaultValue={options.audiences[0]?.identifier} {...fieldAria("audience", errors.audience, true)}>
          {options.audiences.map((a) => (
            <option key={a.identifier} value={a.identifier}>
              {a.name} — {a.identifier}
              {a.isDefault ? " (default)" : ""}
            </option>
          ))}
        </select>
      </Field>
      <AuthMethodFields errors={errors} />
      <div className="form-actions">
        <SubmitButton pendingLabel="Registering…" pending={pending}>
          Register application
        </SubmitButton>
        <Link href="/apps">Cancel</Link>
      </div>
    </form>
  );
}
