// Introspection is authorized (issue #8 item 7; RFC 7662 §2.1, §4): a client learns a token's
// claims only if it is the token's own client or an admin registered it as a resource server
// allowed to introspect one of the token's audiences. Everyone else gets exactly
// {"active": false} — the same answer as for an invalid token, so nothing leaks. Registration
// and removal through the CLI reach the running server through the NOTIFY invalidation.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { cliJson, createApp, createDeployment, ensureBuild, runCli, selectedBackends, startKeyport, type CreatedApp, type Deployment, type KeyportServer } from "../support/keyport";
import { basicAuth, decodeJwtPayload, eventually, getToken, postForm } from "../support/oauth";

const DEFAULT_AUDIENCE = "urn:keyport:api";
// Caches are invalidated "within a second" (issue 3); allow some slack on a loaded 2-core box.
const INVALIDATION_MS = 2500;

for (const backend of selectedBackends()) {
  describe(`introspection authorization (${backend})`, () => {
    let d: Deployment;
    let s: KeyportServer;
    let a: CreatedApp; // the token's client
    let b: CreatedApp; // another client: a would-be resource server

    before(async () => {
      ensureBuild();
      d = await createDeployment(backend);
      s = await startKeyport(d);
      [a, b] = [await createApp(d), await createApp(d)];
    });
    after(async () => {
      await d?.dispose();
    });

    const introspect = (token: string, who: CreatedApp) =>
      postForm(`${s.url}/oauth/introspect`, { token }, { Authorization: basicAuth(who.client_id, who.client_secret) });

    test("another client learns nothing: exactly {\"active\": false}", async () => {
      const t = await getToken(s.url, a.client_id, a.client_secret);
      const res = await introspect(t.access_token, b);
      assert.equal(res.status, 200, res.text);
      assert.match(res.headers.get("cache-control") ?? "", /no-store/);
      assert.equal(res.text, '{"active":false}');
    });

    test("the token's own client gets its claims", async () => {
      const t = await getToken(s.url, a.client_id, a.client_secret);
      const claims = decodeJwtPayload(t.access_token);
      const res = await introspect(t.access_token, a);
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.body, {
        active: true,
        client_id: a.client_id,
        scope: "application.client",
        aud: DEFAULT_AUDIENCE,
        iss: s.url,
        sub: a.client_id,
        exp: claims.exp,
        iat: claims.iat,
        jti: claims.jti,
        token_type: "Bearer",
      });
    });

    test("an admin registers B as a resource server of the audience: B sees the claims; removed again: inactive", async () => {
      const t = await getToken(s.url, a.client_id, a.client_secret);
      const added = await cliJson(d, ["audiences", "introspectors", "add", DEFAULT_AUDIENCE, b.client_id]);
      assert.deepEqual(added, { audience: DEFAULT_AUDIENCE, client_id: b.client_id, id: b.id, name: b.name, changed: true });
      const again = await cliJson(d, ["audiences", "introspectors", "add", DEFAULT_AUDIENCE, b.client_id]);
      assert.equal(again.changed, false, "adding twice is a no-op");
      const listed = await cliJson<{ introspectors: Array<{ client_id: string }> }>(d, ["audiences", "introspectors", "list", DEFAULT_AUDIENCE]);
      assert.deepEqual(listed.introspectors.map((i) => i.client_id), [b.client_id]);

      assert.ok(
        await eventually(async () => (await introspect(t.access_token, b)).body?.active === true, INVALIDATION_MS),
        "B may introspect A's token once registered",
      );
      const res = await introspect(t.access_token, b);
      assert.equal(res.body!.client_id, a.client_id);
      assert.equal(res.body!.jti, decodeJwtPayload(t.access_token).jti);

      const removed = await cliJson(d, ["audiences", "introspectors", "remove", DEFAULT_AUDIENCE, b.client_id]);
      assert.equal(removed.changed, true);
      assert.ok(
        await eventually(async () => (await introspect(t.access_token, b)).text === '{"active":false}', INVALIDATION_MS),
        "B is refused again once removed",
      );
      // A itself is unaffected throughout.
      assert.equal((await introspect(t.access_token, a)).body!.active, true);
    });

    test("CLI errors: unknown client_id or audience, missing arguments", async () => {
      const unknownClient = await runCli(d, ["audiences", "introspectors", "add", DEFAULT_AUDIENCE, "kp_nope", "--json"]);
      assert.equal(unknownClient.code, 1, unknownClient.stderr);
      assert.equal(unknownClient.json().error, "not_found");
      const unknownAudience = await runCli(d, ["audiences", "introspectors", "add", "https://nope.example", b.client_id, "--json"]);
      assert.equal(unknownAudience.code, 1, unknownAudience.stderr);
      assert.equal(unknownAudience.json().error, "not_found");
      const missing = await runCli(d, ["audiences", "introspectors", "add", DEFAULT_AUDIENCE]);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /AUDIENCE and CLIENT_ID are required/);
    });
  });
}
