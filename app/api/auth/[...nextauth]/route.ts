// GET|POST /api/auth/* — Auth.js endpoints (magic-link callback, session, CSRF, sign-out).
// Auth.js builds links and redirects on AUTH_URL, which auth.ts sets from Keyport's one public
// origin (lib/config/public-origin.ts): the request's Host and X-Forwarded-* headers are ignored.
import { handlers } from "@/auth";

export const { GET, POST } = handlers;
