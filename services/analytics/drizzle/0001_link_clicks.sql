CREATE TABLE "analytics"."daily_link_clicks" (
	"day" date NOT NULL,
	"link_id" uuid NOT NULL,
	"ambassador_id" uuid NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "daily_link_clicks_day_link_id_pk" PRIMARY KEY("day","link_id")
);
