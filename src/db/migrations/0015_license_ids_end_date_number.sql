DROP INDEX "license_ids_end_date_idx";--> statement-breakpoint
CREATE INDEX "license_ids_end_date_number_idx" ON "license_ids" USING btree ("end_date","number");