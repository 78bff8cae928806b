ALTER TABLE "checkout"."order_items" ADD COLUMN "fulfilled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "checkout"."order_items" ADD COLUMN "fulfilled_by" uuid;--> statement-breakpoint
CREATE INDEX "orders_fulfilment_queue" ON "checkout"."orders" USING btree ("fulfilment","completed_at") WHERE status = 'completed';--> statement-breakpoint
-- Orders packed before lines were: each of their lines counts as packed when, and by whom, the order was.
UPDATE "checkout"."order_items" AS i SET "fulfilled_at" = t."at", "fulfilled_by" = t."actor_id"
  FROM "checkout"."order_timeline" AS t
  WHERE t."order_id" = i."order_id" AND t."stage" = 'fulfilled' AND i."fulfilled_at" IS NULL;--> statement-breakpoint
UPDATE "checkout"."order_items" AS i SET "fulfilled_at" = o."completed_at"
  FROM "checkout"."orders" AS o
  WHERE o."id" = i."order_id" AND o."fulfilment" IS NOT NULL AND i."fulfilled_at" IS NULL;
