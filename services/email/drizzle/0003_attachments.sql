ALTER TABLE "email"."emails" ADD COLUMN "attachments" jsonb;--> statement-breakpoint
ALTER TABLE "email"."mailbox_messages" ADD COLUMN "attachments" jsonb;