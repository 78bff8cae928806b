CREATE TYPE "checkout"."coupon_kind" AS ENUM('percent', 'fixed');--> statement-breakpoint
CREATE TABLE "checkout"."cart_lines" (
	"cart_id" text NOT NULL,
	"product_id" uuid NOT NULL,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cart_lines_cart_id_product_id_pk" PRIMARY KEY("cart_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "checkout"."carts" (
	"id" text PRIMARY KEY NOT NULL,
	"link_id" uuid,
	"coupon_code" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."coupon_redemptions" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"coupon_id" uuid NOT NULL,
	"email" text NOT NULL,
	"status" "checkout"."reservation_status" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."coupons" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"kind" "checkout"."coupon_kind" NOT NULL,
	"percent_basis_points" integer,
	"amount_minor" bigint,
	"currency" text NOT NULL,
	"min_order_minor" bigint,
	"starts_at" timestamp with time zone,
	"ends_at" timestamp with time zone,
	"max_uses" integer,
	"max_uses_per_customer" integer,
	"category_ids" uuid[] DEFAULT '{}' NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"used" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkout"."orders" ALTER COLUMN "link_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ALTER COLUMN "code" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ALTER COLUMN "ambassador_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "coupon_id" uuid;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "coupon_code" text;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "cart_id" text;--> statement-breakpoint
ALTER TABLE "checkout"."products" ADD COLUMN "slug" text;--> statement-breakpoint
ALTER TABLE "checkout"."products" ADD COLUMN "category_ids" uuid[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."products" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."cart_lines" ADD CONSTRAINT "cart_lines_cart_id_carts_id_fk" FOREIGN KEY ("cart_id") REFERENCES "checkout"."carts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkout"."coupon_redemptions" ADD CONSTRAINT "coupon_redemptions_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "checkout"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "carts_updated_at" ON "checkout"."carts" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "coupon_redemptions_customer" ON "checkout"."coupon_redemptions" USING btree ("coupon_id","email");--> statement-breakpoint
CREATE UNIQUE INDEX "coupons_code_key" ON "checkout"."coupons" USING btree ("code");