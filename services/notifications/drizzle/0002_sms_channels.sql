CREATE TABLE "notifications"."sms_recipients" (
	"id" uuid PRIMARY KEY NOT NULL,
	"channel_id" uuid NOT NULL,
	"phone" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications"."chat_channels" ALTER COLUMN "url" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "notifications"."sms_recipients" ADD CONSTRAINT "sms_recipients_channel_id_chat_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "notifications"."chat_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sms_recipients_channel_phone_key" ON "notifications"."sms_recipients" USING btree ("channel_id","phone");