// Sign-in for owners and admins: Auth.js v5 with the email magic-link provider. The link is sent
// through Keyport's own outbox (lib/mail), so it works with SMTP or, without SMTP_URL, through the
// development outbox at /dev/outbox. Sessions live in the database (Prisma adapter): signing out or
// deleting the row ends a session at once, which a stateless JWT session could not do.
import NextAuth from "next-auth";
import Nodemailer from "next-auth/providers/nodemailer";
import { PrismaAdapter } from "@auth/prisma-adapter";
import { getConfig } from "@/lib/config/env";
import { publicUrl } from "@/lib/config/public-origin";
import { onPublicOrigin } from "@/lib/auth/keep-auth-urls-on-origin";
import { headers } from "next/headers";
import { getPrisma, getRuntime } from "@/lib/runtime";
import { sendSignInEmail } from "@/lib/mail";
import { maySignIn } from "@/lib/auth/may-sign-in";
import { limitSignInLink } from "@/lib/rate-limit/limit-sign-in-link";
import { signInLimitedPath } from "@/lib/auth/sign-in-limited";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { generateSessionToken, withHashedSessionTokens } from "@/lib/auth/hashed-sessions";
import { withPersonalTeams } from "@/lib/teams/with-personal-teams";
import { log } from "@/lib/log";
import { isDatabaseUnavailable } from "@/lib/db/database-unavailable";

// Expected sign-in failures (expired or reused link, refused address) are the user's, not ours:
// log one line, no stack. Anything else is an error with its detail.
const EXPECTED_AUTH_ERRORS = new Set(["Verification", "AccessDenied"]);

/** A magic link works once and for this long. */
export const SIGN_IN_LINK_TTL_SECONDS = 60 * 60;
const SESSION_TTL_SECONDS = 30 * 24 * 60 * 60;

declare module "next-auth" {
  interface Session {
    user: { id: string; email: string; name?: string | null; image?: string | null };
  }
}

// The lazy form: the adapter needs the Prisma client of the running runtime, which is only
// available asynchronously (the runtime opens the database and applies migrations first).
export const { handlers, auth, signIn, signOut } = NextAuth(async () => {
  const config = getConfig();
  // Sign-in links, callbacks and redirects are built on Keyport's one public origin, never on the
  // Host or X-Forwarded-Host of the request (a forged Host once put an attacker's host into the
  // mailed link). next-auth reads AUTH_URL from the environment on every request.
  process.env.AUTH_URL = publicUrl(config, "/api/auth");
  const prisma = await getPrisma();
  return {
    // The generated client (prisma-client generator) has the API the adapter expects but not the
    // nominal type of @prisma/client's PrismaClient.
    // Session rows hold SHA-256 of the cookie's token, never the token (lib/auth/hashed-sessions.ts).
    // Magic-link tokens need no wrapper: Auth.js already stores only SHA-256(token + secret) in
    // VerificationToken (@auth/core lib/actions/signin/send-token.js, callback/index.js).
    // A user created at first sign-in gets a personal team at once (lib/teams/with-personal-teams.ts).
    adapter: withPersonalTeams(withHashedSessionTokens(PrismaAdapter(prisma as unknown as Parameters<typeof PrismaAdapter>[0])), prisma),
    secret: config.authSecret,
    // AUTH_URL (above) fixes the origin, so no request header is trusted for it.
    trustHost: true,
    basePath: "/api/auth",
    session: { strategy: "database", maxAge: SESSION_TTL_SECONDS, generateSessionToken },
    // Cookies: Auth.js defaults are HttpOnly + SameSite=Lax, and Secure (with __Secure- names)
    // whenever the request arrived over https (x-forwarded-proto behind a proxy).
    pages: { signIn: "/signin", verifyRequest: "/signin/check-email", error: "/signin/error" },
    providers: [
      Nodemailer({
        // Unused: sendVerificationRequest below delivers through lib/mail. The provider insists on a value.
        server: "smtp://localhost:25",
        from: config.MAIL_FROM,
        maxAge: SIGN_IN_LINK_TTL_SECONDS,
        async sendVerificationRequest({ identifier, url, expires }) {
          // Never throws for a mail outage: the message stays queued and is retried. The link goes
          // out on the public origin even when Next rewrote its loopback IP to "localhost".
          await sendSignInEmail({ to: identifier, url: onPublicOrigin(url, config.publicOrigin), expires });
        },
      }),
    ],
    logger: {
      error(error: Error) {
        const type = (error as Error & { type?: string }).type ?? error.name;
        if (EXPECTED_AUTH_ERRORS.has(type)) log.info("sign-in refused", { reason: type });
        // An outage, already logged by the database layer; the page shows "temporarily unavailable".
        else if (isDatabaseUnavailable(error)) log.warn("session lookup failed: database unavailable", { type });
        else log.error("sign-in failed", { type, error: error.message, stack: error.stack });
      },
      warn(code: string) {
        log.warn("auth warning", { code });
      },
      debug() {},
    },
    callbacks: {
      // Runs before the link is sent and again when it is used: KEYPORT_ALLOWED_EMAILS is enforced
      // on both, so removing an address from the list also stops links already sent.
      // A link being requested (not used): the sign-in limits come first, for the form's action and
      // a direct POST to /api/auth/signin/nodemailer alike, and before the allow-list, so a refusal
      // looks the same for every address. Returning a path makes Auth.js redirect there: no token,
      // no mail.
      async signIn({ user, email }) {
        if (!user.email) return false;
        if (email?.verificationRequest) {
          const address = (await headers()).get(CLIENT_ADDRESS_HEADER);
          const limited = await limitSignInLink((await getRuntime()).limits, { email: user.email, address });
          if (!limited.allowed) return signInLimitedPath(limited.retryAfterSeconds);
        }
        return maySignIn(prisma, user.email, config);
      },
      // Only same-site redirects, and always as a path: behind the custom server Auth.js may see
      // the bind address (http://0.0.0.0:PORT) as its base URL instead of the host the browser
      // used, so absolute URLs are reduced to their path rather than compared by origin.
      redirect({ url }) {
        if (url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\")) return url;
        try {
          const u = new URL(url);
          // "http://host//evil.example" has the path "//evil.example": collapse leading slashes.
          return `${u.pathname.replace(/^[/\\]+/, "/")}${u.search}${u.hash}`;
        } catch {
          return "/";
        }
      },
      // Allow-list what /api/auth/session (and auth()) return: Auth.js passes the whole session row
      // in — its token, id and userId — and would send it to the browser as is.
      session({ session, user }) {
        return { user: { id: user.id, email: user.email, name: user.name ?? null }, expires: session.expires };
      },
    },
  };
});
