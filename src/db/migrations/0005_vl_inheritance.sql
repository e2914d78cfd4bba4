CREATE TABLE "vl_inheritance_opt_ins" (
	"vl_profile_id" uuid NOT NULL,
	"parent_agreement_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vl_inheritance_opt_ins_vl_profile_id_parent_agreement_id_pk" PRIMARY KEY("vl_profile_id","parent_agreement_id")
);
--> statement-breakpoint
ALTER TABLE "vl_inheritance_opt_ins" ADD CONSTRAINT "vl_inheritance_opt_ins_vl_profile_id_vl_profiles_id_fk" FOREIGN KEY ("vl_profile_id") REFERENCES "public"."vl_profiles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vl_inheritance_opt_ins" ADD CONSTRAINT "vl_inheritance_opt_ins_parent_agreement_id_parent_agreements_id_fk" FOREIGN KEY ("parent_agreement_id") REFERENCES "public"."parent_agreements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "vl_inheritance_opt_ins_parent_agreement_id_idx" ON "vl_inheritance_opt_ins" USING btree ("parent_agreement_id");