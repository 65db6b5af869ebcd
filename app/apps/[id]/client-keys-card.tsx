// A private_key_jwt application's public keys: the inline keys (add, remove) or its jwks_uri.
import { Card } from "@/app/_components/card";
import { Notice } from "@/app/_components/notice";
import type { ClientKeyList } from "@/lib/client-keys/list-client-keys";
import { KeyTable, keyRowOf } from "../key-table";
import { AddKeyForm } from "./add-key-form";
import { RemoveKeyButton } from "./remove-key-button";
import { JwksUriForm } from "./jwks-uri-form";

/** `readOnly`: a viewer in the app's team sees the keys without the controls (the actions refuse them anyway). */
export function ClientKeysCard({ appId, keyList, readOnly = false }: { appId: string; keyList: ClientKeyList; readOnly?: boolean }) {
  const rows = keyList.keys.map(keyRowOf);
  return (
    <Card id="keys" title="Public keys" description="Keyport verifies your client assertions with these keys. It never holds a private key.">
      <div className="stack">
        {keyList.jwksUri ? (
          <>
            <p>
              Keys are fetched from <code className="mono" data-testid="jwks-uri">{keyList.jwksUri}</code> and refetched when an assertion names an unknown kid.
            </p>
            {readOnly ? null : <JwksUriForm appId={appId} current={keyList.jwksUri} />}
          </>
        ) : (
          <>
            {rows.length === 0 ? (
              <Notice tone="warn" title="No keys">
                This application cannot get tokens until you add a public key.
              </Notice>
            ) : (
              <KeyTable
                caption="Registered public keys"
                keys={rows}
                testId="registered-keys"
                actions={(k) => (k.id && !readOnly ? <RemoveKeyButton appId={appId} keyId={k.id} label={k.kid ?? k.thumbprint.slice(0, 12)} isLast={rows.length === 1} /> : null)}
              />
            )}
            {readOnly ? null : (
              <>
                <h3>Add a key</h3>
                <p className="muted small">To rotate without downtime: add the new key, deploy your client with it, then remove the old key.</p>
                <AddKeyForm appId={appId} />
                <details className="details">
                  <summary>Publish your keys at a URL instead (jwks_uri)</summary>
                  <p className="muted small">Using a jwks_uri replaces the keys above.</p>
                  <JwksUriForm appId={appId} current={null} />
                </details>
              </>
            )}
          </>
        )}
      </div>
    </Card>
  );
}
