"use client";
import { useState } from "react";

/** Copies `value` to the clipboard and says so (to screen readers too). */
export function CopyButton({ value, label = "Copy", className }: { value: string; label?: string; className?: string }) {
  const [copied, setCopied] = useState<"idle" | "done" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied("done");
    } catch {
      // Clipboard access needs a secure context or permission: fall back to selecting nothing and telling the user.
      setCopied("failed");
    }
    setTimeout(() => setCopied("idle"), 2000);
  }
  return (
    <button type="button" className={`btn btn-secondary btn-sm copy-button${className ? ` ${className}` : ""}`} onClick={copy}>
      <span aria-live="polite">{copied === "done" ? "Copied" : copied === "failed" ? "Select and copy" : label}</span>
    </button>
  );
}
