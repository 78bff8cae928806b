CREATE TYPE "checkout"."fulfilment_stage" AS ENUM('fulfilled', 'shipped', 'delivered');--> statement-breakpoint
CREATE TABLE "checkout"."order_timeline" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"stage" text NOT NULL,
	"actor_id" uuid,
	"detail" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "fulfilment" "checkout"."fulfilment_stage";--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "carrier" text;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "tracking_number" text;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "tracking_url" text;--> statement-breakpoint
ALTER TABLE "checkout"."order_timeline" ADD CONSTRAINT "order_timeline_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "checkout"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_timeline_order" ON "checkout"."order_timeline" USING btree ("order_id","at");