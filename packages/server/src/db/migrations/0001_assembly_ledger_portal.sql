CREATE TABLE "sigma"."standing_history" (
	"id" text PRIMARY KEY NOT NULL,
	"validator_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"round_id" text,
	"reputation_before" integer NOT NULL,
	"reputation_after" integer NOT NULL,
	"accuracy_before" double precision NOT NULL,
	"accuracy_after" double precision NOT NULL,
	"weight_before" double precision NOT NULL,
	"weight_after" double precision NOT NULL,
	"status_after" text NOT NULL,
	"reason" text NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "sigma"."ledger_accounts" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" text NOT NULL,
	"account_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."ledger_transactions" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"ref_type" text,
	"ref_id" text,
	"memo" text DEFAULT '' NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "sigma"."certificate_flags" (
	"id" text PRIMARY KEY NOT NULL,
	"certificate_id" text NOT NULL,
	"reason" text NOT NULL,
	"evidence" text DEFAULT '' NOT NULL,
	"contact" text,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"triaged_by" text,
	"triaged_at" timestamp with time zone,
	"resolution" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "sigma"."feature_flags" (
	"key" text PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."login_codes" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"code_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"consumed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."outbox_emails" (
	"id" text PRIMARY KEY NOT NULL,
	"to" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma_usage"."model_catalogue" (
	"id" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"model_id" text NOT NULL,
	"family" text NOT NULL,
	"price_in_per_mtok" bigint NOT NULL,
	"price_out_per_mtok" bigint NOT NULL,
	"context_length" integer,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sigma"."seats" ADD COLUMN "commitment" text;--> statement-breakpoint
ALTER TABLE "sigma"."seats" ADD COLUMN "committed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sigma"."seats" ADD COLUMN "commit_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sigma"."seats" ADD COLUMN "reveal_deadline" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sigma"."seats" ADD COLUMN "revealed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "sigma"."seats" ADD COLUMN "reveal_signature" text;--> statement-breakpoint
ALTER TABLE "sigma"."standing_history" ADD CONSTRAINT "standing_history_validator_id_validators_id_fk" FOREIGN KEY ("validator_id") REFERENCES "sigma"."validators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "sigma"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."ledger_entries" ADD CONSTRAINT "ledger_entries_account_id_ledger_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "sigma"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "standing_history_validator_idx" ON "sigma"."standing_history" USING btree ("validator_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "standing_history_round_uq" ON "sigma"."standing_history" USING btree ("validator_id","round_id","kind");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_accounts_owner_uq" ON "sigma"."ledger_accounts" USING btree ("kind","owner_type","owner_id","currency");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_idx" ON "sigma"."ledger_entries" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_tx_idx" ON "sigma"."ledger_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_transactions_key_uq" ON "sigma"."ledger_transactions" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "ledger_transactions_ref_idx" ON "sigma"."ledger_transactions" USING btree ("ref_type","ref_id");--> statement-breakpoint
CREATE INDEX "certificate_flags_cert_idx" ON "sigma"."certificate_flags" USING btree ("certificate_id","status");--> statement-breakpoint
CREATE INDEX "login_codes_email_idx" ON "sigma"."login_codes" USING btree ("email","created_at");--> statement-breakpoint
CREATE INDEX "outbox_emails_created_idx" ON "sigma"."outbox_emails" USING btree ("created_at");