CREATE TABLE "store"."stock" (
	"product_id" uuid PRIMARY KEY NOT NULL,
	"in_stock" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
