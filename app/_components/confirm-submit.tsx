"use client";
// A submit button for an action that breaks running clients (issue #12 item 4): it opens a modal
// <dialog> saying what breaks, and only the dialog's confirm button submits the form. No inline
// script (React attaches the handlers, so the nonce CSP holds); showModal() gives the keyboard
// behaviour: focus moves into the dialog (Cancel first), Tab stays inside, Escape closes it and
// focus returns to the button. `when={false}` renders a plain submit button (e.g. a rotation with
// a grace period breaks nothing).
import { useId, useRef, type ReactNode } from "react";
import { buttonClass, type ButtonVariant } from "./button";
import { SubmitButton } from "./submit-button";
import { useFormContext } from "./form-context";

export function ConfirmSubmit({
  children,
  title,
  consequence,
  confirmLabel,
  variant = "danger",
  size = "md",
  pendingLabel,
  pending,
  when = true,
  confirmIf,
  disabled,
}: {
  /** The button's label. */
  children: ReactNode;
  /** The dialog's question, e.g. "Rotate the secret now?". */
  title: string;
  /** What stops working, in plain words. */
  consequence: ReactNode;
  /** The dialog's confirm button, e.g. "Rotate now". */
  confirmLabel: string;
  variant?: ButtonVariant;
  size?: "md" | "sm";
  pendingLabel?: string;
  /** For forms that dispatch from onSubmit without a FormContext. */
  pending?: boolean;
  when?: boolean;
  /**
   * Ask only when, at the click, the form's control `field` reads `equals` (a checkbox reads "on"
   * or ""): for server-rendered forms whose controls are not React state.
   */
  confirmIf?: { field: string; equals: string };
  disabled?: boolean;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const form = useFormContext();
  const busy = Boolean(pending) || form.pending;
  if (!when) {
    return (
      <SubmitButton variant={variant} size={size} pendingLabel={pendingLabel} pending={pending} disabled={disabled}>
        {children}
      </SubmitButton>
    );
  }
  return (
    <>
      <button
        type="button"
        className={buttonClass(variant, size)}
        aria-haspopup="dialog"
        disabled={busy || disabled}
        aria-disabled={busy || disabled}
        onClick={(e) => {
          const form = e.currentTarget.form;
          if (confirmIf && form && controlValue(form, confirmIf.field) !== confirmIf.equals) form.requestSubmit();
          else dialog.current?.showModal();
        }}
      >
        {busy ? (pendingLabel ?? "Working…") : children}
      </button>
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`}>
        <h2 id={`${id}-title`} className="confirm-dialog-title">
          {title}
        </h2>
        <div id={`${id}-body`} className="confirm-dialog-body">
          {consequence}
        </div>
        <div className="confirm-dialog-actions">
          {/* Cancel first, and focused: Enter on an opened dialog never confirms by accident. */}
          <button type="button" className={buttonClass("secondary")} autoFocus onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className={buttonClass("danger")} onClick={() => dialog.current?.close()}>
            {confirmLabel}
          </button>
        </div>
      </dialog>
    </>
  );
}

function controlValue(form: HTMLFormElement, name: string): string | undefined {
  const control = form.elements.namedItem(name);
  if (control instanceof HTMLInputElement && (control.type === "checkbox" || control.type === "radio")) return control.checked ? control.value : "";
  if (control instanceof HTMLInputElement || control instanceof HTMLSelectElement || control instanceof HTMLTextAreaElement || control instanceof RadioNodeList) return control.value;
  return undefined;
}
