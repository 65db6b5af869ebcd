import Link from "next/link";
import { ButtonLink } from "./_components/button";
import { CodeBlock } from "./_components/code-block";
import { getSessionUser } from "./_lib/session";

export default async function Home() {
  const user = await getSessionUser();
  return (
    <>
      <section className="hero">
        <div>
          <h1>Credentials for your services, in a minute.</h1>
          <p className="hero-lead">
            Keyport is this organisation&apos;s OAuth 2.0 authorization server for machine-to-machine access. Register an application, pick the scopes it needs, and
            get a <code>client_id</code> and <code>client_secret</code> for the client-credentials grant — by email, right away.
          </p>
          <div className="row">
            {user ? <ButtonLink href="/apps/new">Register an application</ButtonLink> : <ButtonLink href="/signin">Sign in with your email</ButtonLink>}
            <ButtonLink href="/docs" variant="secondary">
              Read the docs
            </ButtonLink>
          </div>
        </div>
        <CodeBlock
          label="Your service, once registered"
          code={`curl -s -X POST https://keyport.example/oauth/token \\
  -u "$CLIENT_ID:$CLIENT_SECRET" \\
  -d grant_type=client_credentials

{"access_token":"eyJhbGciOi…","token_type":"Bearer",
 "expires_in":3600,"scope":"application.client"}`}
        />
      </section>
      <h2>How it works</h2>
      <ol className="steps">
        <li>
          <span className="step-number">1</span>
          <h3>Sign in</h3>
          <p className="muted">We email you a one-time link. No password to remember.</p>
        </li>
        <li>
          <span className="step-number">2</span>
          <h3>Register your app</h3>
          <p className="muted">Name it, choose scopes and the API it calls. Privileged scopes wait for an administrator&apos;s approval.</p>
        </li>
        <li>
          <span className="step-number">3</span>
          <h3>Get tokens</h3>
          <p className="muted">
            Your credentials arrive by email. Exchange them at <Link href="/docs">/oauth/token</Link> for short-lived JWT access tokens.
          </p>
        </li>
      </ol>
    </>
  );
}
