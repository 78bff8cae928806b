ALTER TABLE "admin"."order_items" ADD COLUMN "refunded_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."order_items" ADD COLUMN "refunded_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."order_items" ADD COLUMN "refunded_admin_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."order_items" ADD COLUMN "refunded_ambassador_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."orders" ADD COLUMN "refunded_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."orders" ADD COLUMN "refunded_admin_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "admin"."orders" ADD COLUMN "refunded_ambassador_minor" bigint DEFAULT 0 NOT NULL;