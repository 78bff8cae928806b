CREATE TABLE "checkout"."deleted_products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkout"."products" ADD COLUMN "updated_at" timestamp with time zone;