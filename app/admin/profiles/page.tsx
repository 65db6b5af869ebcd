import type { Metadata } from "next";
import { requireAdmin } from "@/app/_lib/session";
import { getRuntime } from "@/lib/runtime";
import { publicUrl } from "@/lib/config/public-origin";
import { PROFILES } from "@/lib/oauth/profiles";
import { Card } from "@/app/_components/card";
import { CopyButton } from "@/app/_components/copy-button";
import { EmptyState } from "@/app/_components/empty-state";
import { Tags } from "@/app/_components/tags";

export const metadata: Metadata = { title: "Drop-in profiles" };
export const dynamic = "force-dynamic";

// GET /admin/profiles — the vendor profiles KEYPORT_PROFILES mounts, with their URLs.
export default async function ProfilesPage() {
  await requireAdmin();
  const rt = await getRuntime();
  const active = rt.oauth.profiles;
  // By name: the runtime's profiles and this page's may be two copies of the same modules.
  const activeNames = new Set(active.map((p) => p.name));
  const inactive = Object.values(PROFILES).filter((p) => !activeNames.has(p.name));
  return (
    <div className="stack">
      <div className="page-head">
        <div>
          <h1>Drop-in profiles</h1>
          <p>
            Extra token endpoints that speak another service&apos;s request and response shape, so existing integrations only change their base URL. Client
            authentication, scopes, audiences, rate limits, usage and audit are those of <code>/oauth/token</code>. Set <code>KEYPORT_PROFILES</code> to choose
            them; see <a href="/docs#profiles">the docs</a> for requests and errors.
          </p>
        </div>
      </div>
      {active.length === 0 ? (
        <Card title="Active">
          <EmptyState title="No profile is active">
            <p>
              Only <code>/oauth/token</code> issues tokens. Set for example <code>KEYPORT_PROFILES=ciam,vision10,access-analyzer</code> and restart.
            </p>
          </EmptyState>
        </Card>
      ) : (
        active.map((p) => (
          <Card key={p.name} id={`profile-${p.name}`} title={`${p.name} — ${p.title}`} description={p.summary}>
            <dl className="dl" data-testid={`profile-${p.name}`}>
              <dt>Token URL (POST)</dt>
              <dd>
                <span className="mono">{publicUrl(rt.config, p.path)}</span> <CopyButton value={publicUrl(rt.config, p.path)} label={`Copy ${p.name} URL`} />
              </dd>
              <dt>Body</dt>
              <dd>
                <Tags values={p.contentTypes} />
              </dd>
              <dt>Grants</dt>
              <dd>
                <Tags values={p.grantTypes.filter((g) => rt.oauth.grants.has(g))} />
              </dd>
            </dl>
          </Card>
        ))
      )}
      {inactive.length > 0 ? (
        <Card title="Available" description="Not mounted: their paths answer 404.">
          <ul>
            {inactive.map((p) => (
              <li key={p.name}>
                <code>{p.name}</code> — <code>{`POST ${p.path}`}</code>: {p.summary}
              </li>
            ))}
          </ul>
        </Card>
      ) : null}
    </div>
  );
}
