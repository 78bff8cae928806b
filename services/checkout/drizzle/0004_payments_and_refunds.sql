CREATE TYPE "checkout"."refund_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "checkout"."accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"role" text NOT NULL,
	"session_version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "checkout"."applied_payment_events" (
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"applied_at" timestamp with time zone NOT NULL,
	CONSTRAINT "applied_payment_events_provider_event_id_pk" PRIMARY KEY("provider","event_id")
);
--> statement-breakpoint
CREATE TABLE "checkout"."payment_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid,
	"provider" text NOT NULL,
	"direction" text NOT NULL,
	"action" text NOT NULL,
	"reference" text,
	"outcome" text NOT NULL,
	"detail" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."refund_lines" (
	"refund_id" uuid NOT NULL,
	"order_item_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"amount_minor" bigint NOT NULL,
	"admin_revenue_minor" bigint NOT NULL,
	"ambassador_revenue_minor" bigint NOT NULL,
	CONSTRAINT "refund_lines_refund_id_order_item_id_pk" PRIMARY KEY("refund_id","order_item_id")
);
--> statement-breakpoint
CREATE TABLE "checkout"."refunds" (
	"id" uuid PRIMARY KEY NOT NULL,
	"order_id" uuid NOT NULL,
	"provider_refund_id" text,
	"amount_minor" bigint NOT NULL,
	"status" "checkout"."refund_status" NOT NULL,
	"requested_by" uuid,
	"last_error" text,
	"created_at" timestamp with time zone NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "checkout"."test_payment_refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"refund_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "commission_rate_basis_points" integer;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "refunded_quantity" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "refunded_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "refunded_ambassador_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "payment_id" text;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "refunded_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "checkout"."refund_lines" ADD CONSTRAINT "refund_lines_refund_id_refunds_id_fk" FOREIGN KEY ("refund_id") REFERENCES "checkout"."refunds"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "checkout"."refunds" ADD CONSTRAINT "refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "checkout"."orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payment_log_order_id" ON "checkout"."payment_log" USING btree ("order_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_provider_refund_id_key" ON "checkout"."refunds" USING btree ("provider_refund_id");--> statement-breakpoint
CREATE INDEX "refunds_order_id" ON "checkout"."refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "refunds_pending" ON "checkout"."refunds" USING btree ("created_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "test_payment_refunds_refund_id_key" ON "checkout"."test_payment_refunds" USING btree ("refund_id");--> statement-breakpoint
CREATE INDEX "test_payment_refunds_session" ON "checkout"."test_payment_refunds" USING btree ("session_id");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_payment_id_key" ON "checkout"."orders" USING btree ("payment_id");--> statement-breakpoint
-- Orders paid before payments were kept apart from sessions: the test provider's session is the payment.
UPDATE "checkout"."orders" SET "payment_id" = "payment_session_id" WHERE "status" = 'completed' AND "payment_id" IS NULL;
