CREATE TABLE "ambassador"."link_daily_stats" (
	"link_id" uuid NOT NULL,
	"day" date NOT NULL,
	"orders_count" integer NOT NULL,
	"revenue_minor" bigint NOT NULL,
	CONSTRAINT "link_daily_stats_link_id_day_pk" PRIMARY KEY("link_id","day")
);
