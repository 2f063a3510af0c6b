CREATE SCHEMA "sigma";
--> statement-breakpoint
CREATE SCHEMA "sigma_usage";
--> statement-breakpoint
CREATE TABLE "sigma"."agent_challenges" (
	"address" text PRIMARY KEY NOT NULL,
	"nonce" text NOT NULL,
	"message" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"developer_id" text NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"secret_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."audit_log" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_type" text NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "sigma"."developers" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"display_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."operators" (
	"id" text PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"totp_secret" text,
	"totp_required" text DEFAULT 'yes' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"plane" text NOT NULL,
	"subject_id" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "sigma"."evidence_reports" (
	"submission_id" text PRIMARY KEY NOT NULL,
	"engine_version" text NOT NULL,
	"report" jsonb NOT NULL,
	"finding_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."submission_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"submission_id" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"status" text,
	"type" text NOT NULL,
	"message" text NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "sigma"."submission_files" (
	"submission_id" text NOT NULL,
	"path" text NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "submission_files_submission_id_path_pk" PRIMARY KEY("submission_id","path")
);
--> statement-breakpoint
CREATE TABLE "sigma"."submissions" (
	"id" text PRIMARY KEY NOT NULL,
	"developer_id" text NOT NULL,
	"product_type" text NOT NULL,
	"status" text NOT NULL,
	"source_type" text NOT NULL,
	"source_url" text,
	"source_ref" text,
	"entry" text,
	"dev_notes" text DEFAULT '' NOT NULL,
	"skill_name" text,
	"skill_version" text,
	"skill_hash" text,
	"content_hash" text NOT NULL,
	"reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"certificate_id" text,
	"canary_label" text,
	"idempotency_key" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."rounds" (
	"id" text PRIMARY KEY NOT NULL,
	"submission_id" text NOT NULL,
	"round_type" text NOT NULL,
	"trigger_source" text NOT NULL,
	"round_number" integer NOT NULL,
	"status" text NOT NULL,
	"phase" integer NOT NULL,
	"seed" text NOT NULL,
	"prompt_nonce" text NOT NULL,
	"policy_version" text,
	"outcome" text,
	"outcome_reasons" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decided_by" text,
	"diversity_notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"draw_log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."seats" (
	"id" text PRIMARY KEY NOT NULL,
	"round_id" text NOT NULL,
	"validator_id" text NOT NULL,
	"phase" integer NOT NULL,
	"status" text NOT NULL,
	"verdict" text,
	"blocking" boolean DEFAULT false NOT NULL,
	"severity" text,
	"rationale" text DEFAULT '' NOT NULL,
	"findings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"model_family" text NOT NULL,
	"model_id" text NOT NULL,
	"sampling" jsonb NOT NULL,
	"weight" double precision NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"replaces_seat_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma"."validators" (
	"id" text PRIMARY KEY NOT NULL,
	"owner_address" text NOT NULL,
	"session_address" text NOT NULL,
	"owner_developer_id" text,
	"mode" text DEFAULT 'managed' NOT NULL,
	"model_provider" text NOT NULL,
	"model_id" text NOT NULL,
	"model_family" text NOT NULL,
	"sampling" jsonb NOT NULL,
	"status" text NOT NULL,
	"stake" numeric(78, 0) NOT NULL,
	"reputation" integer NOT NULL,
	"audit_accuracy" double precision NOT NULL,
	"governance_weight" double precision NOT NULL,
	"plugin_creator_bonus" double precision DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sigma"."certificates" (
	"id" text PRIMARY KEY NOT NULL,
	"submission_id" text NOT NULL,
	"round_id" text NOT NULL,
	"snapshot_json" text NOT NULL,
	"payload_hash" text NOT NULL,
	"hash_scheme" text NOT NULL,
	"signature" text NOT NULL,
	"issuer" text NOT NULL,
	"status" text NOT NULL,
	"skill_name" text,
	"skill_version" text,
	"product_type" text NOT NULL,
	"security_level" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL,
	"chain_id" integer,
	"registry_address" text,
	"tx_hash" text,
	"block_number" bigint,
	"committed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sigma_usage"."llm_calls" (
	"id" text PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"model_family" text NOT NULL,
	"validator_id" text,
	"round_id" text,
	"seat_id" text,
	"phase" integer,
	"purpose" text NOT NULL,
	"status" text NOT NULL,
	"tokens_in" integer NOT NULL,
	"tokens_out" integer NOT NULL,
	"cost_micro_usd" bigint NOT NULL,
	"latency_ms" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sigma"."api_keys" ADD CONSTRAINT "api_keys_developer_id_developers_id_fk" FOREIGN KEY ("developer_id") REFERENCES "sigma"."developers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."evidence_reports" ADD CONSTRAINT "evidence_reports_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "sigma"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."submission_events" ADD CONSTRAINT "submission_events_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "sigma"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."submission_files" ADD CONSTRAINT "submission_files_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "sigma"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."submissions" ADD CONSTRAINT "submissions_developer_id_developers_id_fk" FOREIGN KEY ("developer_id") REFERENCES "sigma"."developers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."rounds" ADD CONSTRAINT "rounds_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "sigma"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."seats" ADD CONSTRAINT "seats_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "sigma"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."seats" ADD CONSTRAINT "seats_validator_id_validators_id_fk" FOREIGN KEY ("validator_id") REFERENCES "sigma"."validators"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."certificates" ADD CONSTRAINT "certificates_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "sigma"."submissions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sigma"."certificates" ADD CONSTRAINT "certificates_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "sigma"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_hash_uq" ON "sigma"."api_keys" USING btree ("secret_hash");--> statement-breakpoint
CREATE INDEX "api_keys_developer_idx" ON "sigma"."api_keys" USING btree ("developer_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "sigma"."audit_log" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "developers_email_uq" ON "sigma"."developers" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "operators_email_uq" ON "sigma"."operators" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_uq" ON "sigma"."sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_subject_idx" ON "sigma"."sessions" USING btree ("plane","subject_id");--> statement-breakpoint
CREATE INDEX "submission_events_submission_idx" ON "sigma"."submission_events" USING btree ("submission_id","id");--> statement-breakpoint
CREATE INDEX "submissions_developer_idx" ON "sigma"."submissions" USING btree ("developer_id","created_at");--> statement-breakpoint
CREATE INDEX "submissions_status_idx" ON "sigma"."submissions" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_idempotency_uq" ON "sigma"."submissions" USING btree ("developer_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "rounds_submission_number_uq" ON "sigma"."rounds" USING btree ("submission_id","round_number");--> statement-breakpoint
CREATE UNIQUE INDEX "seats_round_validator_uq" ON "sigma"."seats" USING btree ("round_id","validator_id");--> statement-breakpoint
CREATE INDEX "seats_round_phase_idx" ON "sigma"."seats" USING btree ("round_id","phase");--> statement-breakpoint
CREATE UNIQUE INDEX "validators_session_uq" ON "sigma"."validators" USING btree ("session_address");--> statement-breakpoint
CREATE INDEX "validators_owner_idx" ON "sigma"."validators" USING btree ("owner_address");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_round_uq" ON "sigma"."certificates" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "certificates_submission_idx" ON "sigma"."certificates" USING btree ("submission_id");--> statement-breakpoint
CREATE INDEX "certificates_issued_idx" ON "sigma"."certificates" USING btree ("issued_at");--> statement-breakpoint
CREATE INDEX "certificates_name_idx" ON "sigma"."certificates" USING btree ("skill_name");--> statement-breakpoint
CREATE INDEX "llm_calls_at_idx" ON "sigma_usage"."llm_calls" USING btree ("at");--> statement-breakpoint
CREATE INDEX "llm_calls_validator_idx" ON "sigma_usage"."llm_calls" USING btree ("validator_id");