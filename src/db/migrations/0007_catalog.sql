CREATE TABLE "download_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"language" text NOT NULL,
	"os" text NOT NULL,
	"architecture" text NOT NULL,
	"format" text NOT NULL,
	"file_name" text NOT NULL,
	"size" bigint NOT NULL,
	"sha256" text NOT NULL,
	"storage_key" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "download_files_os_check" CHECK ("download_files"."os" in ('windows', 'linux', 'macos', 'any')),
	CONSTRAINT "download_files_architecture_check" CHECK ("download_files"."architecture" in ('x64', 'x86', 'arm64', 'neutral')),
	CONSTRAINT "download_files_format_check" CHECK ("download_files"."format" in ('iso', 'exe', 'zip', 'msi', 'img', 'other'))
);
--> statement-breakpoint
CREATE TABLE "key_shortfalls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"license_id_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"type" text NOT NULL,
	"order_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_key_id" uuid
);
--> statement-breakpoint
CREATE TABLE "product_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"product_id" uuid NOT NULL,
	"type" text NOT NULL,
	"key_encrypted" text NOT NULL,
	"key_hmac" text NOT NULL,
	"license_id_id" uuid,
	"order_id" uuid,
	"assigned_at" timestamp with time zone,
	"activations_allowed" integer,
	"activations_used" integer DEFAULT 0 NOT NULL,
	"seats" integer,
	"online_activation_state" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "product_keys_type_check" CHECK ("product_keys"."type" in ('mak', 'kms-host', 'kms-client', 'static', 'online-activation', 'setup')),
	CONSTRAINT "product_keys_online_activation_state_check" CHECK ("product_keys"."online_activation_state" is null or "product_keys"."online_activation_state" in ('available', 'redeemed'))
);
--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "key_types" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "download_files" ADD CONSTRAINT "download_files_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "download_files" ADD CONSTRAINT "download_files_created_by_accounts_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_shortfalls" ADD CONSTRAINT "key_shortfalls_license_id_id_license_ids_id_fk" FOREIGN KEY ("license_id_id") REFERENCES "public"."license_ids"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_shortfalls" ADD CONSTRAINT "key_shortfalls_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_shortfalls" ADD CONSTRAINT "key_shortfalls_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "key_shortfalls" ADD CONSTRAINT "key_shortfalls_resolved_key_id_product_keys_id_fk" FOREIGN KEY ("resolved_key_id") REFERENCES "public"."product_keys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_keys" ADD CONSTRAINT "product_keys_product_id_products_id_fk" FOREIGN KEY ("product_id") REFERENCES "public"."products"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_keys" ADD CONSTRAINT "product_keys_license_id_id_license_ids_id_fk" FOREIGN KEY ("license_id_id") REFERENCES "public"."license_ids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "product_keys" ADD CONSTRAINT "product_keys_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "download_files_product_id_idx" ON "download_files" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "download_files_created_by_idx" ON "download_files" USING btree ("created_by");--> statement-breakpoint
CREATE UNIQUE INDEX "download_files_storage_key_key" ON "download_files" USING btree ("storage_key");--> statement-breakpoint
CREATE UNIQUE INDEX "key_shortfalls_open_key" ON "key_shortfalls" USING btree ("license_id_id","product_id","type") WHERE "key_shortfalls"."resolved_at" is null;--> statement-breakpoint
CREATE INDEX "key_shortfalls_product_id_type_idx" ON "key_shortfalls" USING btree ("product_id","type","created_at");--> statement-breakpoint
CREATE INDEX "key_shortfalls_order_id_idx" ON "key_shortfalls" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "key_shortfalls_resolved_key_id_idx" ON "key_shortfalls" USING btree ("resolved_key_id");--> statement-breakpoint
CREATE UNIQUE INDEX "product_keys_key_hmac_key" ON "product_keys" USING btree ("key_hmac");--> statement-breakpoint
CREATE INDEX "product_keys_pool_idx" ON "product_keys" USING btree ("product_id","type","created_at") WHERE "product_keys"."license_id_id" is null;--> statement-breakpoint
CREATE INDEX "product_keys_license_id_id_idx" ON "product_keys" USING btree ("license_id_id","product_id");--> statement-breakpoint
CREATE INDEX "product_keys_order_id_idx" ON "product_keys" USING btree ("order_id");