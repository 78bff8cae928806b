CREATE TABLE "checkout"."saved_addresses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"address" text NOT NULL,
	"country" text NOT NULL,
	"city" text NOT NULL,
	"zip" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "saved_addresses_customer" ON "checkout"."saved_addresses" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_addresses_one_default" ON "checkout"."saved_addresses" USING btree ("customer_id") WHERE is_default;--> statement-breakpoint
CREATE INDEX "orders_guest_email" ON "checkout"."orders" USING btree (lower("email")) WHERE customer_id IS NULL;