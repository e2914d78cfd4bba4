CREATE TABLE "email_codes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"purpose" text NOT NULL,
	"email" text NOT NULL,
	"code_hash" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"consumed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "email_codes_purpose_check" CHECK ("email_codes"."purpose" in ('sign-up', 'contact'))
);
--> statement-breakpoint
CREATE TABLE "sign_in_throttle" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer NOT NULL,
	"last_failure_at" timestamp with time zone NOT NULL,
	"locked_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "takeovers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"mode" text NOT NULL,
	"domain" text NOT NULL,
	"source_tenant_id" uuid NOT NULL,
	"target_tenant_id" uuid NOT NULL,
	"actor_account_id" uuid NOT NULL,
	"moved_account_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone,
	"undone_by" uuid,
	CONSTRAINT "takeovers_mode_check" CHECK ("takeovers"."mode" in ('internal', 'external'))
);
--> statement-breakpoint
ALTER TABLE "takeovers" ADD CONSTRAINT "takeovers_source_tenant_id_tenants_id_fk" FOREIGN KEY ("source_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takeovers" ADD CONSTRAINT "takeovers_target_tenant_id_tenants_id_fk" FOREIGN KEY ("target_tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takeovers" ADD CONSTRAINT "takeovers_actor_account_id_accounts_id_fk" FOREIGN KEY ("actor_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "takeovers" ADD CONSTRAINT "takeovers_undone_by_accounts_id_fk" FOREIGN KEY ("undone_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "email_codes_purpose_email_idx" ON "email_codes" USING btree ("purpose","email");--> statement-breakpoint
CREATE INDEX "takeovers_source_tenant_id_idx" ON "takeovers" USING btree ("source_tenant_id");--> statement-breakpoint
CREATE INDEX "takeovers_target_tenant_id_idx" ON "takeovers" USING btree ("target_tenant_id");--> statement-breakpoint
CREATE INDEX "takeovers_actor_account_id_idx" ON "takeovers" USING btree ("actor_account_id");--> statement-breakpoint
CREATE INDEX "takeovers_undone_by_idx" ON "takeovers" USING btree ("undone_by");