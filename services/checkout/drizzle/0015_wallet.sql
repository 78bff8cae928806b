CREATE TABLE "checkout"."wallet_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"kind" text NOT NULL,
	"reason" text,
	"actor_id" uuid,
	"reference" text,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "wallet_entries_user" ON "checkout"."wallet_entries" USING btree ("user_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "wallet_entries_reference" ON "checkout"."wallet_entries" USING btree ("kind","reference");