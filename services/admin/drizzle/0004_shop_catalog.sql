CREATE TABLE "admin"."categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "admin"."products" ADD COLUMN "slug" text;--> statement-breakpoint
-- Products from before the shop: a slug from the title, made unique by the random tail of the id.
UPDATE "admin"."products" SET "slug" = concat_ws('-', nullif(trim(both '-' from lower(regexp_replace("title", '[^a-zA-Z0-9]+', '-', 'g'))), ''), right(replace("id"::text, '-', ''), 8));--> statement-breakpoint
ALTER TABLE "admin"."products" ALTER COLUMN "slug" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."products" ADD COLUMN "category_ids" uuid[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."products" ADD COLUMN "images" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."products" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
UPDATE "admin"."products" SET "images" = jsonb_build_array("image") WHERE "image" <> '';--> statement-breakpoint
CREATE UNIQUE INDEX "categories_slug_key" ON "admin"."categories" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "products_slug_key" ON "admin"."products" USING btree ("slug");