-- Tell every SIGMA process when what a public certificate route shows may have changed, so read
-- caches can drop exactly that certificate. NOTIFY is transactional: listeners hear it after commit.
-- The update trigger names every column but `views`: the batched view counter (views are merged in
-- memory) then fires no trigger at all. A column added to sigma.certificates must be added here.
CREATE OR REPLACE FUNCTION sigma.notify_certificate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'certificates' THEN
    PERFORM pg_notify('sigma_certificate_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END);
  ELSE
    PERFORM pg_notify('sigma_certificate_changed', CASE WHEN TG_OP = 'DELETE' THEN OLD.certificate_id ELSE NEW.certificate_id END);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER certificates_changed
  AFTER UPDATE OF id, submission_id, round_id, snapshot_json, payload_hash, hash_scheme, signature, issuer, status, skill_name,
    skill_version, product_type, security_level, issued_at, expires_at, chain_id, registry_address, tx_hash, block_number, committed_at
  ON sigma.certificates FOR EACH ROW
  EXECUTE FUNCTION sigma.notify_certificate_changed();
--> statement-breakpoint
CREATE TRIGGER certificates_deleted AFTER DELETE ON sigma.certificates FOR EACH ROW
  EXECUTE FUNCTION sigma.notify_certificate_changed();
--> statement-breakpoint
CREATE TRIGGER certificate_flags_changed AFTER INSERT OR UPDATE OR DELETE ON sigma.certificate_flags FOR EACH ROW
  EXECUTE FUNCTION sigma.notify_certificate_changed();
