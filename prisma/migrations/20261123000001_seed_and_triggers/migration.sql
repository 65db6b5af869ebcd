-- Hand-written: catalog seed, append-only audit log, cache-invalidation notifications.

-- Seed the scope catalog.
INSERT INTO "Scope" ("name", "description", "requiresApproval", "updatedAt") VALUES
  ('application.client', 'Application client scope for the provisioning API', false, CURRENT_TIMESTAMP),
  ('domain.manage', 'Delete of app-owned domains', true, CURRENT_TIMESTAMP);

-- The audit log is append-only from the application's point of view.
CREATE FUNCTION keyport_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'AuditEvent is append-only';
END;
$$;
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent"
  FOR EACH ROW EXECUTE FUNCTION keyport_audit_append_only();
CREATE TRIGGER "AuditEvent_no_truncate" BEFORE TRUNCATE ON "AuditEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION keyport_audit_append_only();

-- Cache invalidation: every instance LISTENs on keyport_cache and drops what changed, whoever
-- wrote it (another instance, the CLI, an admin). Payload: '<kind>:<id>'.
CREATE FUNCTION keyport_notify_cache() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  row_data RECORD;
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('keyport_cache', lower(TG_TABLE_NAME) || ':*');
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN row_data := OLD; ELSE row_data := NEW; END IF;
  IF TG_TABLE_NAME = 'Application' THEN
    PERFORM pg_notify('keyport_cache', 'client:' || row_data."clientId");
  ELSIF TG_TABLE_NAME = 'ClientSecret' THEN
    PERFORM pg_notify('keyport_cache', 'app:' || row_data."applicationId");
  ELSIF TG_TABLE_NAME = 'RevokedToken' THEN
    PERFORM pg_notify('keyport_cache', 'jti:' || row_data."jti");
  END IF;
  RETURN NULL;
END;
$$;
-- lastTokenAt (written by the usage flush) is deliberately not a trigger column.
CREATE TRIGGER "Application_notify" AFTER INSERT OR DELETE OR UPDATE OF "clientId", "status", "scopes", "audiences", "tokenLifetime", "ownerId" ON "Application"
  FOR EACH ROW EXECUTE FUNCTION keyport_notify_cache();
CREATE TRIGGER "ClientSecret_notify" AFTER INSERT OR UPDATE OR DELETE ON "ClientSecret"
  FOR EACH ROW EXECUTE FUNCTION keyport_notify_cache();
CREATE TRIGGER "RevokedToken_notify" AFTER INSERT ON "RevokedToken"
  FOR EACH ROW EXECUTE FUNCTION keyport_notify_cache();
CREATE TRIGGER "SigningKey_notify" AFTER INSERT OR UPDATE OR DELETE ON "SigningKey"
  FOR EACH STATEMENT EXECUTE FUNCTION keyport_notify_cache();
CREATE TRIGGER "Scope_notify" AFTER INSERT OR UPDATE OR DELETE ON "Scope"
  FOR EACH STATEMENT EXECUTE FUNCTION keyport_notify_cache();
CREATE TRIGGER "Audience_notify" AFTER INSERT OR UPDATE OR DELETE ON "Audience"
  FOR EACH STATEMENT EXECUTE FUNCTION keyport_notify_cache();
