CREATE TYPE "ambassador"."ledger_entry_kind" AS ENUM('accrual', 'approval', 'reversal', 'adjustment', 'payout');--> statement-breakpoint
CREATE TABLE "ambassador"."ledger_deliveries" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"delivered_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ambassador"."ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"order_id" uuid NOT NULL,
	"order_item_id" uuid,
	"kind" "ambassador"."ledger_entry_kind" NOT NULL,
	"pending_minor" bigint DEFAULT 0 NOT NULL,
	"approved_minor" bigint DEFAULT 0 NOT NULL,
	"paid_minor" bigint DEFAULT 0 NOT NULL,
	"rate_basis_points" integer,
	"rule" text DEFAULT 'default' NOT NULL,
	"reason" text,
	"source_event_id" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ledger_entries_once" UNIQUE NULLS NOT DISTINCT("source_event_id","order_item_id","kind")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_entries_one_per_line" ON "ambassador"."ledger_entries" USING btree ("order_item_id","kind") WHERE kind IN ('accrual', 'approval');--> statement-breakpoint
CREATE INDEX "ledger_entries_ambassador" ON "ambassador"."ledger_entries" USING btree ("ambassador_id","created_at");--> statement-breakpoint
CREATE INDEX "ledger_entries_order" ON "ambassador"."ledger_entries" USING btree ("order_id");