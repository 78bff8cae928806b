-- recipients.updated_at now holds when the user event occurred (it held when it was processed, which is later).
-- Rows from before cannot say, so each takes the next user event whatever its time.
UPDATE "email"."recipients" SET "updated_at" = '-infinity';
