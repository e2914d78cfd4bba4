-- The license summary reads each License ID's positions by license_id_id. With the counted columns in its primary
-- key's index, that read is an index-only scan: the heap pages (one per position row, since rows of one License ID
-- are written at different times) are not visited. 1,000 License IDs: ~12 → ~3.5 ms on the bench dataset.
-- Hand-written: drizzle's primaryKey() has no INCLUDE. The schema declares the same key columns, so generated
-- migrations see no difference; schema-drift.test.ts expects this one. (The name is PostgreSQL's 63-character
-- truncation of drizzle's.)
ALTER TABLE "license_id_positions" DROP CONSTRAINT "license_id_positions_license_id_id_product_family_version_pool_";--> statement-breakpoint
ALTER TABLE "license_id_positions" ADD CONSTRAINT "license_id_positions_license_id_id_product_family_version_pool_"
  PRIMARY KEY ("license_id_id", "product_family", "version", "pool") INCLUDE ("licensed", "subscribed", "assured");
