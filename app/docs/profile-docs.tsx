import { publicUrl } from "@/lib/config/public-origin";
import type { KeyportConfig } from "@/lib/config/env";
import { activeProfiles } from "@/lib/oauth/profiles";
import { Card } from "@/app/_components/card";
import { CodeBlock } from "@/app/_components/code-block";
import { Table } from "@/app/_components/table";

/** /docs: one section per active vendor profile (KEYPORT_PROFILES, lib/oauth/profiles), nothing when none is. */
export function ProfileDocs({ config }: { config: Pick<KeyportConfig, "KEYPORT_PROFILES" | "publicOrigin"> }) {
  const profiles = activeProfiles(config.KEYPORT_PROFILES);
  if (profiles.length === 0) return null;
  return (
    <Card
      id="profiles"
      title="Drop-in profiles"
      description="Token endpoints in another service's shape, for integrations written against it. Same clients, secrets, scopes, audiences and limits as /oauth/token."
    >
      {profiles.map((p) => {
        const url = publicUrl(config, p.path);
        return (
          <section key={p.name} className="stack" aria-labelledby={`profile-${p.name}`}>
            <h3 id={`profile-${p.name}`}>
              {p.name}: <code>{`POST ${url}`}</code>
            </h3>
            <p>
              {p.summary} Body: <code>{p.contentTypes.join(", ")}</code>. Grants: <code>{p.grantTypes.join(", ")}</code>.
            </p>
            {p.examples(url).map((e) => (
              <CodeBlock key={e.label} label={e.label} code={e.code} />
            ))}
            <p>Errors: {p.errorFormat}</p>
            <Table caption={`${p.name} errors`} head={[p.errorCodeField, "HTTP", "When"]}>
              {p.errors.map((e) => (
                <tr key={`${e.status}-${e.code}-${e.when}`}>
                  <td>
                    <code>{e.code}</code>
                  </td>
                  <td>{e.status}</td>
                  <td>{e.when}</td>
                </tr>
              ))}
            </Table>
          </section>
        );
      })}
    </Card>
  );
}
