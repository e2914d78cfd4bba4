CREATE TABLE "license_id_positions" (
	"license_id_id" uuid NOT NULL,
	"product_family" text NOT NULL,
	"version" text NOT NULL,
	"pool" text NOT NULL,
	"licensed" integer NOT NULL,
	"subscribed" integer NOT NULL,
	"assured" integer NOT NULL,
	CONSTRAINT "license_id_positions_license_id_id_product_family_version_pool_pk" PRIMARY KEY("license_id_id","product_family","version","pool")
);
--> statement-breakpoint
ALTER TABLE "license_id_positions" ADD CONSTRAINT "license_id_positions_license_id_id_license_ids_id_fk" FOREIGN KEY ("license_id_id") REFERENCES "public"."license_ids"("id") ON DELETE cascade ON UPDATE no action;
--> statement-breakpoint
-- license_id_positions (see schema.ts) is kept by triggers, in the transaction that writes the order lines, so the
-- license summary can never see lines its positions miss. The hot path — lines inserted, by the partner API or a
-- bulk import — adds each statement's lines to the positions (an upsert that adds, so concurrent inserts both
-- count). The rare paths — a line's counted columns changed, lines or orders deleted, an order moved to another
-- License ID — recompute the positions of the License IDs concerned from their lines.
CREATE FUNCTION "refresh_license_id_positions"(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM license_id_positions WHERE license_id_id = ANY (ids);
  -- ON CONFLICT: a concurrent insert may have added a row since the DELETE. Its lines are read here when it
  -- committed before this INSERT began; lines still uncommitted then are not (a rare path: no code changes or
  -- deletes order lines while orders arrive on the same License ID).
  INSERT INTO license_id_positions AS p (license_id_id, product_family, version, pool, licensed, subscribed, assured)
  SELECT o.license_id_id, l.product_family, l.version, l.pool,
         coalesce(sum(l.quantity) FILTER (WHERE l.license_type IN ('license', 'license+sa', 'sa-step-up')), 0),
         coalesce(sum(l.quantity) FILTER (WHERE l.license_type = 'subscription'), 0),
         coalesce(sum(l.quantity) FILTER (WHERE l.license_type IN ('license+sa', 'sa', 'sa-step-up')), 0)
  FROM order_lines l JOIN orders o ON o.id = l.order_id
  WHERE o.license_id_id = ANY (ids)
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (license_id_id, product_family, version, pool) DO UPDATE
    SET licensed = excluded.licensed, subscribed = excluded.subscribed, assured = excluded.assured;
END
$$;
--> statement-breakpoint
CREATE FUNCTION "order_lines_added_to_positions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO license_id_positions AS p (license_id_id, product_family, version, pool, licensed, subscribed, assured)
  SELECT o.license_id_id, l.product_family, l.version, l.pool,
         coalesce(sum(l.quantity) FILTER (WHERE l.license_type IN ('license', 'license+sa', 'sa-step-up')), 0),
         coalesce(sum(l.quantity) FILTER (WHERE l.license_type = 'subscription'), 0),
         coalesce(sum(l.quantity) FILTER (WHERE l.license_type IN ('license+sa', 'sa', 'sa-step-up')), 0)
  FROM new_lines l JOIN orders o ON o.id = l.order_id
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (license_id_id, product_family, version, pool) DO UPDATE
    SET licensed = p.licensed + excluded.licensed,
        subscribed = p.subscribed + excluded.subscribed,
        assured = p.assured + excluded.assured;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "order_lines_positions_insert" AFTER INSERT ON "order_lines"
  REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION "order_lines_added_to_positions"();
--> statement-breakpoint
CREATE FUNCTION "order_lines_changed_positions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    -- Lines deleted with their order have no order left to name the License ID: "orders_positions_delete" does it.
    PERFORM refresh_license_id_positions(array(
      SELECT DISTINCT o.license_id_id FROM old_lines l JOIN orders o ON o.id = l.order_id));
  ELSE
    -- Only a change of what is counted (not, say, a product matched later in the catalog).
    PERFORM refresh_license_id_positions(array(
      SELECT DISTINCT o.license_id_id
      FROM old_lines ol JOIN new_lines nl ON nl.id = ol.id JOIN orders o ON o.id IN (ol.order_id, nl.order_id)
      WHERE (ol.order_id, ol.product_family, ol.version, ol.pool, ol.license_type, ol.quantity)
            IS DISTINCT FROM (nl.order_id, nl.product_family, nl.version, nl.pool, nl.license_type, nl.quantity)));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "order_lines_positions_update" AFTER UPDATE ON "order_lines"
  REFERENCING OLD TABLE AS old_lines NEW TABLE AS new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION "order_lines_changed_positions"();
--> statement-breakpoint
CREATE TRIGGER "order_lines_positions_delete" AFTER DELETE ON "order_lines"
  REFERENCING OLD TABLE AS old_lines FOR EACH STATEMENT EXECUTE FUNCTION "order_lines_changed_positions"();
--> statement-breakpoint
CREATE FUNCTION "orders_changed_positions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM refresh_license_id_positions(array(SELECT DISTINCT license_id_id FROM old_orders));
  ELSE
    PERFORM refresh_license_id_positions(array(
      SELECT o.license_id_id FROM old_orders o JOIN new_orders n ON n.id = o.id
      WHERE o.license_id_id <> n.license_id_id
      UNION
      SELECT n.license_id_id FROM old_orders o JOIN new_orders n ON n.id = o.id
      WHERE o.license_id_id <> n.license_id_id));
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "orders_positions_update" AFTER UPDATE ON "orders"
  REFERENCING OLD TABLE AS old_orders NEW TABLE AS new_orders
  FOR EACH STATEMENT EXECUTE FUNCTION "orders_changed_positions"();
--> statement-breakpoint
CREATE TRIGGER "orders_positions_delete" AFTER DELETE ON "orders"
  REFERENCING OLD TABLE AS old_orders FOR EACH STATEMENT EXECUTE FUNCTION "orders_changed_positions"();
--> statement-breakpoint
-- The positions of the orders already there.
SELECT refresh_license_id_positions(array(SELECT DISTINCT license_id_id FROM orders));
