CREATE TABLE "checkout"."vanity_code_limits" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"max_discount_basis_points" integer DEFAULT 1000 NOT NULL,
	"max_codes_per_ambassador" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone,
	"updated_by" uuid
);
--> statement-breakpoint
ALTER TABLE "checkout"."ambassadors" ADD COLUMN "email_key" text;--> statement-breakpoint
ALTER TABLE "checkout"."coupons" ADD COLUMN "ambassador_id" uuid;--> statement-breakpoint
ALTER TABLE "checkout"."coupons" ADD COLUMN "link_id" uuid;--> statement-breakpoint
ALTER TABLE "checkout"."coupons" ADD COLUMN "commission_given_up_basis_points" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "click_id" uuid;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "attributed_by" text;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "commission_withheld" text;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "payment_fingerprint" text;--> statement-breakpoint
CREATE INDEX "coupons_ambassador" ON "checkout"."coupons" USING btree ("ambassador_id") WHERE ambassador_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX "orders_withheld_ambassador" ON "checkout"."orders" USING btree ("ambassador_id") WHERE commission_withheld IS NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."vanity_code_limits" ADD CONSTRAINT "vanity_code_limits_one_row" CHECK (id = 1);--> statement-breakpoint
INSERT INTO "checkout"."vanity_code_limits" (id) VALUES (1) ON CONFLICT DO NOTHING;
