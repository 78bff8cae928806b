CREATE TYPE "checkout"."document_kind" AS ENUM('invoice', 'credit_note');--> statement-breakpoint
CREATE TABLE "checkout"."document_counters" (
	"kind" "checkout"."document_kind" PRIMARY KEY NOT NULL,
	"last" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "checkout"."documents" (
	"number" text PRIMARY KEY NOT NULL,
	"kind" "checkout"."document_kind" NOT NULL,
	"order_id" uuid NOT NULL,
	"refund_id" uuid,
	"data" jsonb NOT NULL,
	"store" jsonb NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "documents_invoice_of_order" ON "checkout"."documents" USING btree ("order_id") WHERE kind = 'invoice';--> statement-breakpoint
CREATE UNIQUE INDEX "documents_refund_id_key" ON "checkout"."documents" USING btree ("refund_id");--> statement-breakpoint
CREATE INDEX "documents_order_id" ON "checkout"."documents" USING btree ("order_id");--> statement-breakpoint
INSERT INTO "checkout"."document_counters" ("kind", "last") VALUES ('invoice', 0), ('credit_note', 0) ON CONFLICT DO NOTHING;
