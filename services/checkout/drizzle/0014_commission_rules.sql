CREATE TABLE "checkout"."commission_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"rate_basis_points" integer NOT NULL,
	"product_id" uuid,
	"category_id" uuid,
	"ambassador_id" uuid,
	"threshold_minor" bigint,
	"currency" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."deleted_commission_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"deleted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "commission_rule" text;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "commission_rule_id" uuid;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "commission_rule_label" text;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "commission_rule_detail" jsonb;--> statement-breakpoint
CREATE INDEX "orders_ambassador_paid" ON "checkout"."orders" USING btree ("ambassador_id","completed_at") WHERE status = 'completed' AND ambassador_id IS NOT NULL;