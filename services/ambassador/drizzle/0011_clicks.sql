CREATE TABLE "ambassador"."click_keys" (
	"id" integer PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "click_keys_one_row" CHECK ("ambassador"."click_keys"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "ambassador"."clicks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"link_id" uuid NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"code" text NOT NULL,
	"clicked_at" timestamp with time zone NOT NULL,
	"landing" varchar(2000) NOT NULL,
	"utm_source" varchar(200),
	"utm_medium" varchar(200),
	"utm_campaign" varchar(200),
	"utm_term" varchar(200),
	"utm_content" varchar(200),
	"referrer_host" varchar(253),
	"device" text NOT NULL,
	"country" varchar(2),
	"visitor_hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ambassador"."conversions" (
	"order_id" uuid PRIMARY KEY NOT NULL,
	"click_id" uuid,
	"link_id" uuid NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"revenue_minor" bigint NOT NULL,
	"commission_minor" bigint NOT NULL,
	"completed" boolean NOT NULL,
	"commission_restored" boolean DEFAULT false NOT NULL,
	"refund_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"completed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "clicks_link_time" ON "ambassador"."clicks" USING btree ("link_id","clicked_at");--> statement-breakpoint
CREATE INDEX "conversions_ambassador_time" ON "ambassador"."conversions" USING btree ("ambassador_id","completed_at");--> statement-breakpoint
CREATE INDEX "conversions_link_time" ON "ambassador"."conversions" USING btree ("link_id","completed_at");