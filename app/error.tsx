"use client";
// Unexpected server errors: a readable page, never a stack trace. The detail is in the server log;
// the digest lets an operator find it there.
import { useEffect } from "react";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    document.title = "Something went wrong · Keyport";
  }, []);
  return (
    <div className="auth-card">
      <div className="card" role="alert">
        <h1>Something went wrong</h1>
        <p className="muted">We could not load this page. Please try again in a moment.</p>
        {error.digest ? <p className="small muted">Reference: {error.digest}</p> : null}
        <button type="button" className="btn btn-primary" onClick={() => reset()}>
          Try again
        </button>
      </div>
    </div>
  );
}
