-- Trigram matching (typos in searches); in public, as an extension belongs to the whole database.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "store"."categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store"."deleted_categories" (
	"id" uuid PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store"."deleted_products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "store"."products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"images" jsonb NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"active" boolean NOT NULL,
	"category_ids" uuid[] NOT NULL,
	"in_stock" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple', "title"), 'A') || setweight(to_tsvector('simple', "description"), 'B')) STORED
);
--> statement-breakpoint
CREATE UNIQUE INDEX "categories_slug_key" ON "store"."categories" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "products_slug" ON "store"."products" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "products_search" ON "store"."products" USING gin ("search");--> statement-breakpoint
CREATE INDEX "products_title_trigrams" ON "store"."products" USING gin ("title" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "products_category_ids" ON "store"."products" USING gin ("category_ids");--> statement-breakpoint
CREATE INDEX "products_price" ON "store"."products" USING btree ("price_minor");--> statement-breakpoint
CREATE INDEX "products_created_at" ON "store"."products" USING btree ("created_at");