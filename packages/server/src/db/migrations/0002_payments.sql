CREATE TABLE "sigma"."campaign_claims" (
	"id" text PRIMARY KEY NOT NULL,
	"campaign_id" text NOT NULL,
	"developer_id" text NOT NULL,
	"quote_id" text NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."free_overrides" (
	"id" text PRIMARY KEY NOT NULL,
	"developer_id" text NOT NULL,
	"product_type" text,
	"reason" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"used_at" timestamp with time zone,
	"submission_id" text,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."payment_intents" (
	"id" text PRIMARY KEY NOT NULL,
	"developer_id" text NOT NULL,
	"purpose" text NOT NULL,
	"method" text NOT NULL,
	"status" text NOT NULL,
	"quote_id" text,
	"credits" bigint NOT NULL,
	"amount_micros" bigint NOT NULL,
	"network" text NOT NULL,
	"asset" text NOT NULL,
	"pay_to" text NOT NULL,
	"payer" text,
	"tx_hash" text,
	"x402_nonce" text,
	"submission_id" text,
	"snapshot" jsonb,
	"failure_reason" text,
	"expires_at" timestamp with time zone NOT NULL,
	"confirmed_at" timestamp with time zone,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."payment_methods" (
	"method" text PRIMARY KEY NOT NULL,
	"enabled" boolean NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "sigma"."price_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"product_type" text,
	"discount_bps" integer NOT NULL,
	"max_redemptions" integer,
	"per_developer_limit" integer,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"redeemed" integer DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."price_categories" (
	"id" text PRIMARY KEY NOT NULL,
	"product_type" text NOT NULL,
	"base_credits" bigint NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."price_package_fees" (
	"id" text PRIMARY KEY NOT NULL,
	"credits_per_package" bigint NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."price_rules" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"surface" text NOT NULL,
	"signal" text NOT NULL,
	"min_value" bigint NOT NULL,
	"multiplier_bps" integer NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."quotes" (
	"id" text PRIMARY KEY NOT NULL,
	"developer_id" text NOT NULL,
	"product_type" text NOT NULL,
	"content_hash" text NOT NULL,
	"signals" jsonb NOT NULL,
	"snapshot" jsonb NOT NULL,
	"list_credits" bigint NOT NULL,
	"discount_credits" bigint NOT NULL,
	"total_credits" bigint NOT NULL,
	"usdc_micros" bigint NOT NULL,
	"campaign_id" text,
	"status" text DEFAULT 'OPEN' NOT NULL,
	"submission_id" text,
	"expires_at" timestamp with time zone NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."submission_payments" (
	"submission_id" text PRIMARY KEY NOT NULL,
	"developer_id" text NOT NULL,
	"quote_id" text NOT NULL,
	"method" text NOT NULL,
	"list_credits" bigint NOT NULL,
	"discount_credits" bigint NOT NULL,
	"paid_credits" bigint NOT NULL,
	"promo_credits" bigint NOT NULL,
	"intent_id" text,
	"voucher_code" text,
	"override_id" text,
	"wallet" text,
	"snapshot" jsonb NOT NULL,
	"ledger_transaction_id" text NOT NULL,
	"refund_transaction_id" text,
	"refunded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."voucher_redemptions" (
	"id" text PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"developer_id" text NOT NULL,
	"submission_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."vouchers" (
	"code" text PRIMARY KEY NOT NULL,
	"max_uses" integer,
	"per_developer_limit" integer,
	"redeemed" integer DEFAULT 0 NOT NULL,
	"expires_at" timestamp with time zone,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."wallet_allowlist" (
	"address" text PRIMARY KEY NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."x402_payments" (
	"nonce" text PRIMARY KEY NOT NULL,
	"network" text NOT NULL,
	"developer_id" text NOT NULL,
	"purpose" text NOT NULL,
	"payer" text NOT NULL,
	"amount_micros" bigint NOT NULL,
	"tx_hash" text,
	"intent_id" text,
	"result" jsonb NOT NULL,
	"payment_response" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sigma"."campaign_claims" ADD CONSTRAINT "campaign_claims_campaign_id_price_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "sigma"."price_campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."voucher_redemptions" ADD CONSTRAINT "voucher_redemptions_code_vouchers_code_fk" FOREIGN KEY ("code") REFERENCES "sigma"."vouchers"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_claims_quote_uq" ON "sigma"."campaign_claims" USING btree ("quote_id");--> statement-breakpoint
CREATE INDEX "campaign_claims_campaign_idx" ON "sigma"."campaign_claims" USING btree ("campaign_id","status");--> statement-breakpoint
CREATE INDEX "free_overrides_developer_idx" ON "sigma"."free_overrides" USING btree ("developer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_tx_uq" ON "sigma"."payment_intents" USING btree ("tx_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_intents_nonce_uq" ON "sigma"."payment_intents" USING btree ("x402_nonce");--> statement-breakpoint
CREATE INDEX "payment_intents_developer_idx" ON "sigma"."payment_intents" USING btree ("developer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "price_categories_active_uq" ON "sigma"."price_categories" USING btree ("product_type") WHERE status = 'ACTIVE';--> statement-breakpoint
CREATE UNIQUE INDEX "price_package_fees_active_uq" ON "sigma"."price_package_fees" USING btree ("status") WHERE status = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "quotes_developer_idx" ON "sigma"."quotes" USING btree ("developer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quotes_submission_uq" ON "sigma"."quotes" USING btree ("submission_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submission_payments_quote_uq" ON "sigma"."submission_payments" USING btree ("quote_id");--> statement-breakpoint
CREATE UNIQUE INDEX "voucher_redemptions_submission_uq" ON "sigma"."voucher_redemptions" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "voucher_redemptions_code_idx" ON "sigma"."voucher_redemptions" USING btree ("code","developer_id");