ALTER TABLE "ambassador"."ledger_entries" ADD COLUMN "link_id" uuid;--> statement-breakpoint
CREATE INDEX "ledger_entries_link" ON "ambassador"."ledger_entries" USING btree ("link_id");