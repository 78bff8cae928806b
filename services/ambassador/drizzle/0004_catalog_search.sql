-- Trigram indexes for the product browser's search (pg_trgm is a trusted extension: no superuser needed).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "catalog_title_trgm" ON "ambassador"."catalog" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalog_description_trgm" ON "ambassador"."catalog" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalog_price" ON "ambassador"."catalog" USING btree ("price_minor","id");