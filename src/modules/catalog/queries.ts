// Query pieces the catalog's use cases share.
import { sql, type SQL } from 'drizzle-orm';

/**
 * The ids of the catalog products ordered on License ID `licenseIdId`, as a subquery (`select product_id …`). An order
 * line counts through its product_id (set when the line matched the catalog on arrival) or, when it had none, through
 * the same (family, name, version) — so a product the operator adds after the order still counts as ordered.
 */
export function orderedProductIds(licenseIdId: string): SQL {
  return sql`(
    select ol.product_id from orders o join order_lines ol on ol.order_id = o.id
    where o.license_id_id = ${licenseIdId} and ol.product_id is not null
    union
    select p.id from orders o
      join order_lines ol on ol.order_id = o.id and ol.product_id is null
      join product_families f on f.name = ol.product_family
      join products p on p.family_id = f.id and p.name = ol.product and p.version = ol.version
    where o.license_id_id = ${licenseIdId}
  )`;
}
