ALTER TABLE "checkout"."orders" ADD COLUMN "store_credit_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "store_credit_user_id" uuid;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "store_credit_refunded_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."refunds" ADD COLUMN "store_credit_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."wallet_entries" ADD COLUMN "order_id" uuid;