ALTER TABLE "admin"."orders" ALTER COLUMN "link_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."orders" ALTER COLUMN "code" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."orders" ALTER COLUMN "ambassador_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."order_items" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."orders" ADD COLUMN "discount_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."orders" ADD COLUMN "coupon_code" text;