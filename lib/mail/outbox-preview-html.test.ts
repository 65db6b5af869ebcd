import { test } from "node:test";
import assert from "node:assert/strict";
import { outboxPreviewHtml } from "./outbox-preview-html";
import { signInEmail } from "../../emails/sign-in-email";

test("links open in a new tab: <base target=_blank> goes first in <head>, the document is otherwise as sent", () => {
  const doc = '<!doctype html>\n<html><head lang="en"><title>x</title></head><body><a href="https://k.example/">go</a></body></html>';
  const out = outboxPreviewHtml(doc);
  assert.equal(out, '<!doctype html>\n<html><head lang="en"><base target="_blank"><title>x</title></head><body><a href="https://k.example/">go</a></body></html>');
});

test("a fragment without <head> gets the base in front", () => {
  assert.equal(outboxPreviewHtml("<p>hi</p>"), '<base target="_blank"><p>hi</p>');
});

test("Keyport's own mail keeps its doctype first (standards mode in the frame)", () => {
  const { html } = signInEmail({ url: "http://localhost:3000/api/auth/callback/nodemailer?token=t", host: "localhost:3000", expires: new Date(Date.now() + 3600_000) });
  const out = outboxPreviewHtml(html);
  assert.match(out, /^<!doctype html>/i);
  assert.equal(out.replace('<base target="_blank">', ""), html);
});
