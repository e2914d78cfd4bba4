CREATE TABLE "license_summary_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account_id" uuid NOT NULL,
	"license_id_numbers" jsonb NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"result" jsonb,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "license_summary_reports_state_check" CHECK ("license_summary_reports"."state" in ('queued', 'ready', 'failed'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"account_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"params" jsonb NOT NULL,
	"link" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "support_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"request_id" bigint NOT NULL,
	"author_kind" text NOT NULL,
	"author_account_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "support_messages_author_kind_check" CHECK ("support_messages"."author_kind" in ('customer', 'operator'))
);
--> statement-breakpoint
CREATE TABLE "support_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"category" text NOT NULL,
	"subject" text NOT NULL,
	"state" text DEFAULT 'new' NOT NULL,
	"requester_account_id" uuid,
	"requester_email" text NOT NULL,
	"requester_name" text NOT NULL,
	"cloud" text NOT NULL,
	"license_id_numbers" jsonb NOT NULL,
	"assigned_operator_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "support_requests_kind_check" CHECK ("support_requests"."kind" in ('help', 'contact', 'vl-profile')),
	CONSTRAINT "support_requests_state_check" CHECK ("support_requests"."state" in ('new', 'in-progress', 'waiting-on-customer', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "vl_profile_requests" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"support_request_id" bigint NOT NULL,
	"kind" text NOT NULL,
	"old_sign_in_name" text,
	"new_sign_in_name" text NOT NULL,
	"new_cloud" text NOT NULL,
	"business_email" text NOT NULL,
	"license_id_numbers" jsonb NOT NULL,
	"prechecks" jsonb NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"rejection_reason" text,
	CONSTRAINT "vl_profile_requests_kind_check" CHECK ("vl_profile_requests"."kind" in ('rebind', 'create')),
	CONSTRAINT "vl_profile_requests_state_check" CHECK ("vl_profile_requests"."state" in ('pending', 'approved', 'rejected'))
);
--> statement-breakpoint
ALTER TABLE "license_summary_reports" ADD CONSTRAINT "license_summary_reports_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_request_id_support_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."support_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_messages" ADD CONSTRAINT "support_messages_author_account_id_accounts_id_fk" FOREIGN KEY ("author_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_requester_account_id_accounts_id_fk" FOREIGN KEY ("requester_account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "support_requests" ADD CONSTRAINT "support_requests_assigned_operator_id_accounts_id_fk" FOREIGN KEY ("assigned_operator_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vl_profile_requests" ADD CONSTRAINT "vl_profile_requests_support_request_id_support_requests_id_fk" FOREIGN KEY ("support_request_id") REFERENCES "public"."support_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vl_profile_requests" ADD CONSTRAINT "vl_profile_requests_decided_by_accounts_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "license_summary_reports_account_id_idx" ON "license_summary_reports" USING btree ("account_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_account_id_idx" ON "notifications" USING btree ("account_id","id");--> statement-breakpoint
CREATE INDEX "support_messages_request_id_idx" ON "support_messages" USING btree ("request_id","id");--> statement-breakpoint
CREATE INDEX "support_messages_author_account_id_idx" ON "support_messages" USING btree ("author_account_id");--> statement-breakpoint
CREATE INDEX "support_requests_requester_account_id_idx" ON "support_requests" USING btree ("requester_account_id");--> statement-breakpoint
CREATE INDEX "support_requests_assigned_operator_id_idx" ON "support_requests" USING btree ("assigned_operator_id");--> statement-breakpoint
CREATE INDEX "support_requests_state_updated_at_idx" ON "support_requests" USING btree ("state","updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vl_profile_requests_support_request_id_key" ON "vl_profile_requests" USING btree ("support_request_id");--> statement-breakpoint
CREATE INDEX "vl_profile_requests_decided_by_idx" ON "vl_profile_requests" USING btree ("decided_by");