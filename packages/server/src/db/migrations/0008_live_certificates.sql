ALTER TABLE "sigma"."submissions" ADD COLUMN "renews_certificate_id" text;--> statement-breakpoint
ALTER TABLE "sigma"."submissions" ADD COLUMN "supersedes_certificate_id" text;--> statement-breakpoint
ALTER TABLE "sigma"."rounds" ADD COLUMN "certificate_id" text;--> statement-breakpoint
ALTER TABLE "sigma"."certificates" ADD COLUMN "superseded_by" text;--> statement-breakpoint
ALTER TABLE "sigma"."certificates" ADD COLUMN "renewal_reminded_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "certificates_status_expires_idx" ON "sigma"."certificates" USING btree ("status","expires_at");--> statement-breakpoint
-- The change trigger names every column of sigma.certificates but views (0003): the two new ones join it.
DROP TRIGGER IF EXISTS certificates_changed ON sigma.certificates;
--> statement-breakpoint
CREATE TRIGGER certificates_changed
  AFTER UPDATE OF id, submission_id, round_id, snapshot_json, payload_hash, hash_scheme, signature, issuer, status, skill_name,
    skill_version, product_type, security_level, issued_at, expires_at, chain_id, registry_address, tx_hash, block_number, committed_at,
    superseded_by, renewal_reminded_at
  ON sigma.certificates FOR EACH ROW
  EXECUTE FUNCTION sigma.notify_certificate_changed();
