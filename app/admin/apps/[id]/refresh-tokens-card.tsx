// Admin: the refresh-token setting of one application, with why it is off by default.
import { Card } from "@/app/_components/card";
import { REFRESH_TOKEN_LIFETIME_MAX_S, REFRESH_TOKEN_LIFETIME_MIN_S } from "@/lib/apps/update-app";
import type { RefreshTokenSettings } from "@/lib/apps/get-refresh-token-settings";
import { describeDuration, formatDuration } from "@/lib/secrets/secret-lifetime";
import { setRefreshTokensAction } from "./refresh-token-actions";
import { RefreshTokensForm } from "./refresh-tokens-form";

export function RefreshTokensCard({ appId, settings }: { appId: string; settings: RefreshTokenSettings }) {
  return (
    <Card
      id="refresh-tokens"
      title="Refresh tokens"
      description="Off by default: RFC 6749 §4.4.3 says a refresh token SHOULD NOT be issued for client credentials. The client can always get a new access token with its own credentials, so a refresh token only adds a second long-lived secret to protect. Turn it on only for an integration that insists on one."
    >
      <p className="small" data-testid="refresh-tokens">
        {settings.refreshTokens ? `On: each refresh token lives ${describeDuration(settings.refreshTokenLifetime)} and works once.` : "Off."}
      </p>
      <RefreshTokensForm
        action={setRefreshTokensAction.bind(null, appId)}
        refreshTokens={settings.refreshTokens}
        lifetime={formatDuration(settings.refreshTokenLifetime)}
        lifetimeHint={`For example 24h, 7d or 30d: between ${describeDuration(REFRESH_TOKEN_LIFETIME_MIN_S)} and ${describeDuration(REFRESH_TOKEN_LIFETIME_MAX_S)}. Each rotation starts a new lifetime.`}
      />
    </Card>
  );
}
