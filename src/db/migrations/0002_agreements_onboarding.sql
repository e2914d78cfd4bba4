CREATE TABLE "agreement_contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id_id" uuid,
	"parent_agreement_id" uuid,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	CONSTRAINT "agreement_contacts_one_owner_check" CHECK (("agreement_contacts"."license_id_id" is null) <> ("agreement_contacts"."parent_agreement_id" is null)),
	CONSTRAINT "agreement_contacts_kind_check" CHECK ("agreement_contacts"."kind" in ('primary', 'notices', 'online-administrator', 'software-assurance-manager', 'online-services-manager', 'subscriptions-manager', 'bill-to', 'signatory'))
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"partner_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status" integer NOT NULL,
	"response" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_partner_id_key_pk" PRIMARY KEY("partner_id","key")
);
--> statement-breakpoint
CREATE TABLE "invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id_id" uuid NOT NULL,
	"business_email" text NOT NULL,
	"roles" jsonb NOT NULL,
	"token_hash" text NOT NULL,
	"token_encrypted" text NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"legacy" boolean DEFAULT false NOT NULL,
	"redeemed_at" timestamp with time zone,
	"redeemed_by" uuid,
	"created_by" uuid,
	CONSTRAINT "invitations_state_check" CHECK ("invitations"."state" in ('pending', 'redeemed', 'expired', 'revoked', 'void'))
);
--> statement-breakpoint
CREATE TABLE "license_ids" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" text NOT NULL,
	"parent_agreement_id" uuid,
	"partner_id" uuid NOT NULL,
	"cloud" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"start_date" date NOT NULL,
	"end_date" date NOT NULL,
	"sa_end_date" date,
	"tenant_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "license_ids_cloud_check" CHECK ("license_ids"."cloud" in ('public', 'gov-high', 'defense')),
	CONSTRAINT "license_ids_status_check" CHECK ("license_ids"."status" in ('active', 'expired', 'terminated'))
);
--> statement-breakpoint
CREATE TABLE "order_lines" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"line_number" integer NOT NULL,
	"part_number" text NOT NULL,
	"product_id" uuid,
	"product" text NOT NULL,
	"product_family" text NOT NULL,
	"version" text NOT NULL,
	"pool" text NOT NULL,
	"license_type" text NOT NULL,
	"quantity" integer NOT NULL,
	"country" text NOT NULL,
	CONSTRAINT "order_lines_pool_check" CHECK ("order_lines"."pool" in ('applications', 'systems', 'servers')),
	CONSTRAINT "order_lines_license_type_check" CHECK ("order_lines"."license_type" in ('license', 'license+sa', 'sa', 'sa-step-up', 'subscription'))
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"license_id_id" uuid NOT NULL,
	"partner_order_number" text NOT NULL,
	"customer_order_number" text,
	"ordered_on" date NOT NULL,
	"usage_start" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "parent_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"program_id" text NOT NULL,
	"partner_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"enterprise_style" boolean NOT NULL,
	"catalog_visibility" text NOT NULL,
	CONSTRAINT "programs_catalog_visibility_check" CHECK ("programs"."catalog_visibility" in ('purchased', 'all'))
);
--> statement-breakpoint
CREATE TABLE "vl_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"business_email" text NOT NULL,
	"account_id" uuid NOT NULL,
	"display_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vl_role_assignments" (
	"vl_profile_id" uuid NOT NULL,
	"license_id_id" uuid NOT NULL,
	"role" text NOT NULL,
	"granted_at" timestamp with time zone NOT NULL,
	"granted_by" uuid,
	CONSTRAINT "vl_role_assignments_vl_profile_id_license_id_id_role_pk" PRIMARY KEY("vl_profile_id","license_id_id","role"),
	CONSTRAINT "vl_role_assignments_role_check" CHECK ("vl_role_assignments"."role" in ('administrator', 'license-position-reader', 'product-download-manager', 'product-keys-reader', 'benefits-reader', 'online-services-manager', 'invoice-reader'))
);
--> statement-breakpoint
ALTER TABLE "accounts" ADD COLUMN "partner_id" uuid;--> statement-breakpoint
ALTER TABLE "agreement_contacts" ADD CONSTRAINT "agreement_contacts_license_id_id_license_ids_id_fk" FOREIGN KEY ("license_id_id") REFERENCES "public"."license_ids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_contacts" ADD CONSTRAINT "agreement_contacts_parent_agreement_id_parent_agreements_id_fk" FOREIGN KEY ("parent_agreement_id") REFERENCES "public"."parent_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_license_id_id_license_ids_id_fk" FOREIGN KEY ("license_id_id") REFERENCES "public"."license_ids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_redeemed_by_accounts_id_fk" FOREIGN KEY ("redeemed_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invitations" ADD CONSTRAINT "invitations_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_ids" ADD CONSTRAINT "license_ids_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_ids" ADD CONSTRAINT "license_ids_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_ids" ADD CONSTRAINT "license_ids_parent_agreement_id_parent_agreements_id_fk" FOREIGN KEY ("parent_agreement_id") REFERENCES "public"."parent_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_ids" ADD CONSTRAINT "license_ids_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "license_ids" ADD CONSTRAINT "license_ids_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_lines" ADD CONSTRAINT "order_lines_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_license_id_id_license_ids_id_fk" FOREIGN KEY ("license_id_id") REFERENCES "public"."license_ids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parent_agreements" ADD CONSTRAINT "parent_agreements_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parent_agreements" ADD CONSTRAINT "parent_agreements_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "parent_agreements" ADD CONSTRAINT "parent_agreements_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_tokens" ADD CONSTRAINT "partner_tokens_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vl_profiles" ADD CONSTRAINT "vl_profiles_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vl_role_assignments" ADD CONSTRAINT "vl_role_assignments_vl_profile_id_vl_profiles_id_fk" FOREIGN KEY ("vl_profile_id") REFERENCES "public"."vl_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vl_role_assignments" ADD CONSTRAINT "vl_role_assignments_license_id_id_license_ids_id_fk" FOREIGN KEY ("license_id_id") REFERENCES "public"."license_ids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vl_role_assignments" ADD CONSTRAINT "vl_role_assignments_granted_by_accounts_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_contacts_license_id_id_idx" ON "agreement_contacts" USING btree ("license_id_id");--> statement-breakpoint
CREATE INDEX "agreement_contacts_parent_agreement_id_idx" ON "agreement_contacts" USING btree ("parent_agreement_id");--> statement-breakpoint
CREATE INDEX "agreement_contacts_email_idx" ON "agreement_contacts" USING btree ("email");--> statement-breakpoint
CREATE UNIQUE INDEX "invitations_token_hash_key" ON "invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invitations_license_id_id_idx" ON "invitations" USING btree ("license_id_id");--> statement-breakpoint
CREATE INDEX "invitations_business_email_idx" ON "invitations" USING btree ("business_email");--> statement-breakpoint
CREATE INDEX "invitations_redeemed_by_idx" ON "invitations" USING btree ("redeemed_by");--> statement-breakpoint
CREATE INDEX "invitations_created_by_idx" ON "invitations" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "license_ids_number_key" ON "license_ids" USING btree ("number");--> statement-breakpoint
CREATE INDEX "license_ids_organization_id_idx" ON "license_ids" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "license_ids_program_id_idx" ON "license_ids" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "license_ids_parent_agreement_id_idx" ON "license_ids" USING btree ("parent_agreement_id");--> statement-breakpoint
CREATE INDEX "license_ids_partner_id_idx" ON "license_ids" USING btree ("partner_id");--> statement-breakpoint
CREATE INDEX "license_ids_tenant_id_idx" ON "license_ids" USING btree ("tenant_id");--> statement-breakpoint
CREATE INDEX "license_ids_end_date_idx" ON "license_ids" USING btree ("end_date");--> statement-breakpoint
CREATE UNIQUE INDEX "order_lines_order_line_key" ON "order_lines" USING btree ("order_id","line_number");--> statement-breakpoint
CREATE INDEX "order_lines_product_id_idx" ON "order_lines" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_partner_order_number_key" ON "orders" USING btree ("partner_id","partner_order_number");--> statement-breakpoint
CREATE INDEX "orders_license_id_id_idx" ON "orders" USING btree ("license_id_id");--> statement-breakpoint
CREATE UNIQUE INDEX "parent_agreements_number_key" ON "parent_agreements" USING btree ("number");--> statement-breakpoint
CREATE INDEX "parent_agreements_organization_id_idx" ON "parent_agreements" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "parent_agreements_program_id_idx" ON "parent_agreements" USING btree ("program_id");--> statement-breakpoint
CREATE INDEX "parent_agreements_partner_id_idx" ON "parent_agreements" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_tokens_token_hash_key" ON "partner_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "partner_tokens_partner_id_idx" ON "partner_tokens" USING btree ("partner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vl_profiles_business_email_key" ON "vl_profiles" USING btree ("business_email");--> statement-breakpoint
CREATE INDEX "vl_profiles_account_id_idx" ON "vl_profiles" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "vl_role_assignments_license_id_id_idx" ON "vl_role_assignments" USING btree ("license_id_id");--> statement-breakpoint
CREATE INDEX "vl_role_assignments_granted_by_idx" ON "vl_role_assignments" USING btree ("granted_by");--> statement-breakpoint
ALTER TABLE "accounts" ADD CONSTRAINT "accounts_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "accounts_partner_id_idx" ON "accounts" USING btree ("partner_id");