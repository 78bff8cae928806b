CREATE TABLE "checkout"."verified_shoppers" (
	"email" text PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "verified_shoppers_customer" ON "checkout"."verified_shoppers" USING btree ("customer_id");