ALTER TABLE "checkout"."orders" ADD COLUMN "commission_restored_by" uuid;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "commission_restored_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "checkout"."orders" ADD COLUMN "commission_restored_reason" text;