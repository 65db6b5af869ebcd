// The success screen of a private_key_jwt registration: the client_id and how to authenticate.
// There is no secret to show: Keyport generated none and mails none.
import { CopyField } from "@/app/_components/code-block";
import { Notice } from "@/app/_components/notice";
import { KeyTable, type KeyRow } from "../key-table";
import { SnippetTabs } from "../[id]/snippet-tabs";
import { curlAssertionSnippet, nodeAssertionSnippet, pythonAssertionSnippet } from "../snippets";

export interface PublicKeyRegistration {
  clientId: string;
  tokenEndpoint: string;
  scopes: string[];
  keys: KeyRow[];
  jwksUri: string | null;
}

export function PublicKeyReveal({ created }: { created: PublicKeyRegistration }) {
  const first = created.keys[0];
  const input = { tokenEndpoint: created.tokenEndpoint, issuer: "", clientId: created.clientId, scopes: created.scopes, alg: first?.alg, kid: first?.kid };
  return (
    <div className="stack" data-testid="public-key-reveal">
      <Notice tone="info" title="No secret: your private key is the credential">
        Keyport generated no secret for this application and keeps only public keys. To get a token, sign a short-lived JWT with your private key and send it as{" "}
        <code>client_assertion</code> (private_key_jwt, RFC 7523).
      </Notice>
      <CopyField label="client_id" value={created.clientId} testId="client-id" />
      {created.jwksUri ? (
        <p>
          Keys are fetched from <code className="mono">{created.jwksUri}</code>.
        </p>
      ) : (
        <KeyTable caption="Registered public keys" keys={created.keys} testId="registered-keys" />
      )}
      <SnippetTabs
        snippets={[
          { id: "node", label: "Node (jose)", code: nodeAssertionSnippet(input) },
          { id: "python", label: "Python (PyJWT)", code: pythonAssertionSnippet(input) },
          { id: "curl", label: "curl", code: curlAssertionSnippet(input) },
        ]}
      />
    </div>
  );
}
