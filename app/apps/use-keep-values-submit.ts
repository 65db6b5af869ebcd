"use client";
// React 19 resets a <form action={fn}> after the action settles, so a refused submit would come
// back with the name, the ticked scopes, the chosen radio and the pasted key cleared (and a
// controlled radio out of step with the DOM). Submitting through onSubmit and dispatching the
// action ourselves, inside a transition, opts out of that reset (react.dev, "useActionState":
// forms reset only when the action is passed as the `action` prop). The `action` prop stays on the
// form for the no-JavaScript path. A ref refuses further submits until the action has answered,
// so a double or triple click dispatches once.
import { startTransition, useEffect, useRef, type FormEvent } from "react";

export function useKeepValuesSubmit(dispatch: (data: FormData) => void, pending: boolean, state: unknown) {
  const submitting = useRef(false);
  useEffect(() => {
    if (!pending) submitting.current = false;
  }, [pending, state]);
  return function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting.current) return;
    submitting.current = true;
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter instanceof HTMLElement ? submitter : null);
    startTransition(() => dispatch(data));
  };
}
