CREATE TABLE "sigma"."certificate_checks" (
	"certificate_id" text NOT NULL,
	"kind" text NOT NULL,
	"target" text,
	"checks_remaining" integer,
	"checks_done" integer DEFAULT 0 NOT NULL,
	"interval_seconds" integer,
	"next_check_at" timestamp with time zone,
	"checked_at" timestamp with time zone,
	"result" jsonb,
	"flag_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_checks_certificate_id_kind_pk" PRIMARY KEY("certificate_id","kind"),
	CONSTRAINT "certificate_checks_kind_ck" CHECK ("sigma"."certificate_checks"."kind" in ('MONITOR', 'SITE_PROOF', 'SOURCE_DRIFT'))
);
--> statement-breakpoint
ALTER TABLE "sigma"."submissions" ADD COLUMN "sandbox_base_url" text;--> statement-breakpoint
ALTER TABLE "sigma"."certificates" ADD COLUMN "source_stale" boolean;--> statement-breakpoint
ALTER TABLE "sigma"."certificate_checks" ADD CONSTRAINT "certificate_checks_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "sigma"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_checks_due_idx" ON "sigma"."certificate_checks" USING btree ("kind","next_check_at");--> statement-breakpoint
-- The change trigger names every column of sigma.certificates but views (0003, 0008): source_stale joins it.
DROP TRIGGER IF EXISTS certificates_changed ON sigma.certificates;
--> statement-breakpoint
CREATE TRIGGER certificates_changed
  AFTER UPDATE OF id, submission_id, round_id, snapshot_json, payload_hash, hash_scheme, signature, issuer, status, skill_name,
    skill_version, product_type, security_level, issued_at, expires_at, chain_id, registry_address, tx_hash, block_number, committed_at,
    superseded_by, renewal_reminded_at, source_stale
  ON sigma.certificates FOR EACH ROW
  EXECUTE FUNCTION sigma.notify_certificate_changed();
