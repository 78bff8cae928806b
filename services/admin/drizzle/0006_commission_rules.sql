CREATE TABLE "admin"."commission_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"label" text NOT NULL,
	"rate_basis_points" integer NOT NULL,
	"product_id" uuid,
	"category_id" uuid,
	"ambassador_id" uuid,
	"threshold_minor" bigint,
	"currency" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "commission_rules_product" ON "admin"."commission_rules" USING btree ("product_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_rules_category" ON "admin"."commission_rules" USING btree ("category_id");--> statement-breakpoint
CREATE UNIQUE INDEX "commission_rules_tier" ON "admin"."commission_rules" USING btree (coalesce("ambassador_id", '00000000-0000-0000-0000-000000000000'::uuid),"threshold_minor","currency") WHERE kind = 'tier';