CREATE SCHEMA "admin";
--> statement-breakpoint
CREATE TABLE "admin"."dead_letters" (
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
CREATE TABLE "admin"."inbox" (
	"event_id" uuid NOT NULL,
	"consumer" text NOT NULL,
	"type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "admin"."links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin"."order_items" (
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
CREATE TABLE "admin"."orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"link_id" uuid NOT NULL,
	"code" text NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"admin_revenue_minor" bigint NOT NULL,
	"ambassador_revenue_minor" bigint NOT NULL,
	"completed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin"."outbox" (
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
CREATE TABLE "admin"."products" (
	"id" uuid PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"image" text NOT NULL,
	"price_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "admin"."users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "links_user_id" ON "admin"."links" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "order_items_order_id" ON "admin"."order_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "orders_link_id" ON "admin"."orders" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "orders_completed_at" ON "admin"."orders" USING btree ("completed_at");--> statement-breakpoint
CREATE INDEX "outbox_unpublished" ON "admin"."outbox" USING btree ("position") WHERE published_at IS NULL;--> statement-breakpoint
CREATE INDEX "products_created_at" ON "admin"."products" USING btree ("created_at");