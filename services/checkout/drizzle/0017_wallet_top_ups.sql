CREATE TABLE "checkout"."wallet_top_ups" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"session_id" text,
	"payment_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "wallet_top_ups_session" ON "checkout"."wallet_top_ups" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "wallet_top_ups_user" ON "checkout"."wallet_top_ups" USING btree ("user_id");