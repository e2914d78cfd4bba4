CREATE TABLE "read_epochs" (
	"name" text PRIMARY KEY NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
INSERT INTO "read_epochs" ("name", "n") VALUES ('contracts', 0);
--> statement-breakpoint
-- Bumps the contracts epoch once per transaction that changed a table the contracts list reads. The triggers below
-- are deferred to the commit, so the epoch row is locked last (after the audit chain and every other lock a writer
-- takes: no lock-order cycle) and only for the moment before the commit. The transaction-local setting makes every
-- further row of the same transaction a no-op.
CREATE FUNCTION "bump_contracts_epoch"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('vlcenter.contracts_epoch_bumped', true) IS DISTINCT FROM 'yes' THEN
    UPDATE "read_epochs" SET "n" = "n" + 1 WHERE "name" = 'contracts';
    PERFORM set_config('vlcenter.contracts_epoch_bumped', 'yes', true);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "vl_role_assignments_contracts_epoch" AFTER INSERT OR UPDATE OR DELETE ON "vl_role_assignments" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE TRIGGER "vl_role_assignments_contracts_epoch_truncate" AFTER TRUNCATE ON "vl_role_assignments" FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "vl_inheritance_opt_ins_contracts_epoch" AFTER INSERT OR UPDATE OR DELETE ON "vl_inheritance_opt_ins" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE TRIGGER "vl_inheritance_opt_ins_contracts_epoch_truncate" AFTER TRUNCATE ON "vl_inheritance_opt_ins" FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "vl_profiles_contracts_epoch" AFTER INSERT OR UPDATE OR DELETE ON "vl_profiles" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE TRIGGER "vl_profiles_contracts_epoch_truncate" AFTER TRUNCATE ON "vl_profiles" FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "agreement_contacts_contracts_epoch" AFTER INSERT OR UPDATE OR DELETE ON "agreement_contacts" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE TRIGGER "agreement_contacts_contracts_epoch_truncate" AFTER TRUNCATE ON "agreement_contacts" FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "license_ids_contracts_epoch" AFTER INSERT OR UPDATE OR DELETE ON "license_ids" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE TRIGGER "license_ids_contracts_epoch_truncate" AFTER TRUNCATE ON "license_ids" FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "organizations_contracts_epoch" AFTER INSERT OR UPDATE OR DELETE ON "organizations" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE TRIGGER "organizations_contracts_epoch_truncate" AFTER TRUNCATE ON "organizations" FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "programs_contracts_epoch" AFTER INSERT OR UPDATE OR DELETE ON "programs" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE TRIGGER "programs_contracts_epoch_truncate" AFTER TRUNCATE ON "programs" FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER "parent_agreements_contracts_epoch" AFTER INSERT OR UPDATE OR DELETE ON "parent_agreements" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"();
--> statement-breakpoint
CREATE TRIGGER "parent_agreements_contracts_epoch_truncate" AFTER TRUNCATE ON "parent_agreements" FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"();
