CREATE TABLE "sigma"."certificate_views" (
	"certificate_id" text PRIMARY KEY NOT NULL,
	"views" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sigma"."certificate_views" ADD CONSTRAINT "certificate_views_certificate_id_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "sigma"."certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
INSERT INTO "sigma"."certificate_views" ("certificate_id", "views") SELECT "id", "views" FROM "sigma"."certificates" WHERE "views" > 0;--> statement-breakpoint
ALTER TABLE "sigma"."certificates" DROP COLUMN "views";