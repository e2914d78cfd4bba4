-- The license summary is cached against the contracts epoch too (contracts/page-cache.ts), so the orders it sums
-- bump it as well: the same deferred trigger, once per committing transaction, as the tables of 0011.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['orders', 'order_lines'] LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I '
                   'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "bump_contracts_epoch"()',
                   t || '_contracts_epoch', t);
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "bump_contracts_epoch"()',
                   t || '_contracts_epoch_truncate', t);
  END LOOP;
END
$$;
