CREATE TABLE "calendar_overrides" (
	"date" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "calendar_overrides_kind" CHECK ("calendar_overrides"."kind" in ('workday', 'holiday'))
);
