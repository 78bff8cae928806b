CREATE SCHEMA "checkout";
--> statement-breakpoint
CREATE TYPE "checkout"."order_status" AS ENUM('pending', 'completed');--> statement-breakpoint
CREATE TYPE "checkout"."test_payment_session_status" AS ENUM('open', 'paid');--> statement-breakpoint
CREATE TABLE "checkout"."ambassadors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."dead_letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"consumer" text NOT NULL,
	"type" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"error" text NOT NULL,
	"attempts" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."inbox" (
	"event_id" uuid NOT NULL,
	"consumer" text NOT NULL,
	"type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "checkout"."link_products" (
	"link_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "link_products_link_id_product_id_pk" PRIMARY KEY("link_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "checkout"."links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"user_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."order_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"product_id" uuid NOT NULL,
	"product_title" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"quantity" integer NOT NULL,
	"admin_revenue_minor" bigint NOT NULL,
	"ambassador_revenue_minor" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"link_id" uuid NOT NULL,
	"code" text NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text NOT NULL,
	"address" text NOT NULL,
	"country" text NOT NULL,
	"city" text NOT NULL,
	"zip" text NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"admin_revenue_minor" bigint NOT NULL,
	"ambassador_revenue_minor" bigint NOT NULL,
	"status" "checkout"."order_status" NOT NULL,
	"payment_session_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"completed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "checkout"."outbox" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"key" text NOT NULL,
	"data" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE TABLE "checkout"."products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"image" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."test_payment_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" "checkout"."test_payment_session_status" NOT NULL,
	"success_url" text NOT NULL,
	"cancel_url" text NOT NULL,
	"line_items" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "checkout"."link_products" ADD CONSTRAINT "link_products_link_id_links_id_fk" FOREIGN KEY ("link_id") REFERENCES "checkout"."links"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "checkout"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "links_code_key" ON "checkout"."links" USING btree ("code");--> statement-breakpoint
CREATE INDEX "order_items_order_id" ON "checkout"."order_items" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_payment_session_id_key" ON "checkout"."orders" USING btree ("payment_session_id");--> statement-breakpoint
CREATE INDEX "orders_link_id" ON "checkout"."orders" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished" ON "checkout"."outbox" USING btree ("position") WHERE published_at IS NULL;