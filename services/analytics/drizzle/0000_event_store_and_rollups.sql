CREATE SCHEMA "analytics";
--> statement-breakpoint
CREATE TABLE "analytics"."accounts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"first_name" text NOT NULL,
	"last_name" text NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"session_version" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."daily_events" (
	"day" date NOT NULL,
	"type" text NOT NULL,
	"events" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_events_day_type_pk" PRIMARY KEY("day","type")
);
--> statement-breakpoint
CREATE TABLE "analytics"."daily_referrals" (
	"day" date NOT NULL,
	"link_id" uuid NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"clicked_orders" integer DEFAULT 0 NOT NULL,
	"revenue_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"commission_reversed_minor" bigint DEFAULT 0 NOT NULL,
	"commission_restored_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_referrals_day_link_id_currency_pk" PRIMARY KEY("day","link_id","currency")
);
--> statement-breakpoint
CREATE TABLE "analytics"."daily_registrations" (
	"day" date NOT NULL,
	"role" text NOT NULL,
	"users" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_registrations_day_role_pk" PRIMARY KEY("day","role")
);
--> statement-breakpoint
CREATE TABLE "analytics"."daily_revenue" (
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"orders" integer DEFAULT 0 NOT NULL,
	"revenue_minor" bigint DEFAULT 0 NOT NULL,
	"commission_minor" bigint DEFAULT 0 NOT NULL,
	"refunds" integer DEFAULT 0 NOT NULL,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"commission_reversed_minor" bigint DEFAULT 0 NOT NULL,
	"commission_restored_minor" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_revenue_day_currency_pk" PRIMARY KEY("day","currency")
);
--> statement-breakpoint
CREATE TABLE "analytics"."dead_letters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"consumer" text NOT NULL,
	"type" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"error" text NOT NULL,
	"attempts" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"key" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"data" jsonb NOT NULL,
	"applied_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics"."inbox" (
	"event_id" uuid NOT NULL,
	"consumer" text NOT NULL,
	"type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "analytics"."links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"created_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "analytics"."outbox" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"id" uuid NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"key" text NOT NULL,
	"data" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "outbox_id_unique" UNIQUE("id")
);
--> statement-breakpoint
CREATE INDEX "daily_referrals_ambassador" ON "analytics"."daily_referrals" USING btree ("ambassador_id","day");--> statement-breakpoint
CREATE INDEX "events_occurred_at" ON "analytics"."events" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "events_type_occurred_at" ON "analytics"."events" USING btree ("type","occurred_at");--> statement-breakpoint
CREATE INDEX "events_applied_at" ON "analytics"."events" USING btree ("applied_at");--> statement-breakpoint
CREATE INDEX "links_ambassador" ON "analytics"."links" USING btree ("ambassador_id");--> statement-breakpoint
CREATE INDEX "outbox_unpublished" ON "analytics"."outbox" USING btree ("position") WHERE published_at IS NULL;