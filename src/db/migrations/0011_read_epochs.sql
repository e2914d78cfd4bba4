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
-- The tables the contracts list reads. Truncation cannot have a deferred trigger; it bumps at once (it locks the
-- whole table anyway).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['vl_role_assignments', 'vl_inheritance_opt_ins', 'vl_profiles', 'agreement_contacts',
                           'license_ids', 'organizations', 'programs', 'parent_agreements'] LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
                   'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"()',
                   t || '_contracts_epoch', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"()',
                   t || '_contracts_epoch_truncate', t);
  END LOOP;
END
$$;
