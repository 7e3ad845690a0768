CREATE TABLE "notification_deliveries" (
	"job_key" text NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"delivered_at" bigint NOT NULL,
	CONSTRAINT "notification_deliveries_job_key_channel_recipient_pk" PRIMARY KEY("job_key","channel","recipient")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"recipient" text NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"created_at" bigint NOT NULL,
	"read_at" bigint,
	"job_key" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notifications_recipient" ON "notifications" USING btree ("recipient","created_at");