"use client";
// The one way Keyport's forms talk to their server action (issue #12 item 1, item 10):
// React 19 useActionState for the answer, submitted through useKeepValuesSubmit so a refused
// submit keeps everything the user typed, ticked and chose (React resets a <form action={fn}>
// after every answer otherwise), and only one submit runs at a time. On success the form is reset
// to its (re-rendered) defaults, so "create" forms start empty again. A refused field's control
// gets aria-invalid and aria-describedby pointing at the message beside it.
import { useActionState, useEffect, useRef } from "react";
import { useKeepValuesSubmit } from "@/app/apps/use-keep-values-submit";

interface ActionAnswer {
  ok?: boolean;
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
}

export function useActionForm<S extends ActionAnswer>(action: (state: Awaited<S>, form: FormData) => Promise<S>, initial: Awaited<S>, options: { resetOnSuccess?: boolean } = {}) {
  const [state, dispatch, pending] = useActionState<S, FormData>(action, initial);
  const onSubmit = useKeepValuesSubmit(dispatch, pending, state);
  const ref = useRef<HTMLFormElement>(null);
  // The first state is the initial one: nothing answered yet.
  const initialState = useRef(state).current;
  const resetOnSuccess = options.resetOnSuccess ?? true;
  useEffect(() => {
    const form = ref.current;
    if (!form || state === initialState) return;
    if (state.ok && resetOnSuccess) form.reset();
    // Mark the refused controls (and only those) for assistive technology.
    for (const el of form.querySelectorAll<HTMLElement>("[data-invalid-by-action]")) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("data-invalid-by-action");
    }
    for (const [name, messages] of Object.entries(state.fieldErrors ?? {})) {
      if (!messages?.length) continue;
      const control = form.elements.namedItem(name);
      const first = control instanceof RadioNodeList ? control[0] : control;
      if (!(first instanceof HTMLElement) || first.hasAttribute("aria-invalid")) continue;
      first.setAttribute("aria-invalid", "true");
      first.setAttribute("data-invalid-by-action", "");
      const errorId = [`${first.id}-error`, `${name}-error`].find((id) => form.querySelector(`[id="${CSS.escape(id)}"]`));
      const described = first.getAttribute("aria-describedby")?.split(/\s+/) ?? [];
      if (errorId && !described.includes(errorId)) first.setAttribute("aria-describedby", [...described, errorId].join(" "));
    }
  }, [state, initialState, resetOnSuccess]);
  return { state, pending, formProps: { action: dispatch, onSubmit, ref } };
}
