"use server";
import { z } from "zod";
import { redirect } from "next/navigation";
import { cookies } from "next/headers";
import { signIn } from "@/auth";
import { getConfig } from "@/lib/config/env";
import { maySignIn } from "@/lib/auth/may-sign-in";
import { getPrisma } from "@/lib/runtime";
import { emailSchema } from "@/lib/apps/app-schemas";
import { formError, type FormState } from "@/app/_lib/form-state";
import { SIGN_IN_RATE_LIMITED, retryAfterParam, signInLimitedMessage } from "@/lib/auth/sign-in-limited";
import { SIGN_IN_LANDING_ROUTE } from "@/lib/auth/landing-path";
import { CHECK_EMAIL_PATH, sentToCookie } from "@/lib/auth/sign-in-sent-to";
import { publicOriginIsHttps } from "@/lib/config/public-origin";

const signInSchema = z.object({
  email: emailSchema,
  // Only same-site paths: an absolute URL here would make the sign-in an open redirect. None given:
  // the landing route sends admins to /admin, owners to /apps (lib/auth/landing-path.ts).
  callbackUrl: z
    .string()
    .regex(/^\/(?![/\\])/)
    .catch(SIGN_IN_LANDING_ROUTE),
});

export async function requestSignInLink(_prev: FormState, form: FormData): Promise<FormState> {
  const parsed = signInSchema.safeParse({ email: form.get("email") ?? "", callbackUrl: form.get("callbackUrl") ?? SIGN_IN_LANDING_ROUTE });
  if (!parsed.success) return formError(parsed.error, "sign-in");
  const { email, callbackUrl } = parsed.data;
  if (!(await maySignIn(await getPrisma(), email, getConfig()))) {
    return { ok: false, fieldErrors: { email: ["This address is not allowed to sign in to this portal. Use your work address or ask an administrator."] } };
  }
  let next: string;
  try {
    // redirect: false returns Auth.js's target instead of navigating to /api/auth/verify-request,
    // which the client router cannot follow to our own page.
    next = await signIn("nodemailer", { email, redirectTo: callbackUrl, redirect: false });
  } catch (err) {
    return formError(err, "sign-in");
  }
  const target = new URL(next, "http://x").searchParams;
  const error = target.get("error");
  // Refused by the sign-in limits (auth.ts signIn callback, which counts this request once): no
  // mail was sent; say so here, with when to try again.
  if (error === SIGN_IN_RATE_LIMITED) return { ok: false, message: signInLimitedMessage(retryAfterParam(target.get("retryAfter"))) };
  if (error) redirect(`/signin/error?error=${encodeURIComponent(error)}`);
  // The check-email page names the address (lib/auth/sign-in-sent-to.ts).
  const sentTo = sentToCookie(email, { secure: publicOriginIsHttps(getConfig()) });
  (await cookies()).set(sentTo.name, sentTo.value, sentTo.options);
  redirect(CHECK_EMAIL_PATH);
}
