CREATE TABLE "ambassador"."payout_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"method" text NOT NULL,
	"currency" text NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"exported_at" timestamp with time zone,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ambassador"."payout_details" (
	"ambassador_id" uuid PRIMARY KEY NOT NULL,
	"method" text NOT NULL,
	"email" text,
	"account_holder" text,
	"stripe_account_id" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ambassador"."payouts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"method" text NOT NULL,
	"destination" jsonb NOT NULL,
	"status" text NOT NULL,
	"batch_id" uuid,
	"reference" text,
	"reason" text,
	"idempotency_key" text,
	"requested_at" timestamp with time zone NOT NULL,
	"approved_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	CONSTRAINT "payouts_idempotency" UNIQUE("ambassador_id","idempotency_key"),
	CONSTRAINT "payouts_amount_positive" CHECK ("ambassador"."payouts"."amount_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "ambassador"."ledger_entries" ADD COLUMN "processing_minor" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ambassador"."ledger_entries" ADD COLUMN "payout_id" uuid;--> statement-breakpoint
ALTER TABLE "ambassador"."ledger_entries" ADD COLUMN "rule_detail" jsonb;--> statement-breakpoint
CREATE INDEX "payouts_status" ON "ambassador"."payouts" USING btree ("status","requested_at");--> statement-breakpoint
CREATE INDEX "payouts_ambassador" ON "ambassador"."payouts" USING btree ("ambassador_id","requested_at");--> statement-breakpoint
CREATE INDEX "payouts_batch" ON "ambassador"."payouts" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_payout_step" ON "ambassador"."ledger_entries" USING btree ("payout_id","rule") WHERE payout_id IS NOT NULL;