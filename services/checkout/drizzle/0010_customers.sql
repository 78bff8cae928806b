ALTER TABLE "checkout"."orders" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
CREATE INDEX "orders_customer" ON "checkout"."orders" USING btree ("customer_id","created_at");