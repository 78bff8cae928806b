ALTER TYPE "checkout"."order_status" ADD VALUE 'expired';--> statement-breakpoint
ALTER TYPE "checkout"."test_payment_session_status" ADD VALUE 'expired';--> statement-breakpoint
CREATE TABLE "checkout"."test_payment_webhooks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"session_id" text NOT NULL,
	"attempts" integer NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "test_payment_webhooks_due" ON "checkout"."test_payment_webhooks" USING btree ("next_attempt_at") WHERE delivered_at IS NULL;--> statement-breakpoint
CREATE INDEX "orders_pending" ON "checkout"."orders" USING btree ("created_at") WHERE status = 'pending';