import Link from "next/link";
import { getSessionUser } from "@/app/_lib/session";
import { signOutAction } from "@/app/_lib/auth-actions";

export function Logo() {
  return (
    <svg aria-hidden="true" width="26" height="26" viewBox="0 0 32 32" className="logo-mark">
      <rect width="32" height="32" rx="8" fill="currentColor" />
      <circle cx="12" cy="16" r="5" fill="none" stroke="#fff" strokeWidth="2.5" />
      <path d="M17 16h10M23 16v4M27 16v3" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}

export async function SiteHeader() {
  const user = await getSessionUser();
  return (
    <header className="site-header">
      <div className="container site-header-inner">
        <Link href="/" className="brand">
          <Logo />
          <span>Keyport</span>
        </Link>
        <nav aria-label="Main" className="site-nav">
          {user ? <Link href="/apps">My apps</Link> : null}
          {user ? <Link href="/teams">Teams</Link> : null}
          <Link href="/docs">Docs</Link>
          {user?.isAdmin ? <Link href="/admin">Admin</Link> : null}
        </nav>
        <div className="site-user">
          {user ? (
            <>
              <span className="site-user-email" title={user.email}>
                {user.email}
              </span>
              <form action={signOutAction}>
                <button type="submit" className="btn btn-ghost btn-sm">
                  Sign out
                </button>
              </form>
            </>
          ) : (
            <Link href="/signin" className="btn btn-primary btn-sm">
              Sign in
            </Link>
          )}
        </div>
      </div>
    </header>
  );
}
