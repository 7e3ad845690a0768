CREATE TABLE "signatures" (
	"id" text PRIMARY KEY NOT NULL,
	"job_key" text NOT NULL,
	"document_id" text NOT NULL,
	"version" integer NOT NULL,
	"content_hash" text NOT NULL,
	"signer" text NOT NULL,
	"role" text NOT NULL,
	"decision" text NOT NULL,
	"signed_at" bigint NOT NULL,
	"signature" text NOT NULL,
	"key_id" text NOT NULL,
	CONSTRAINT "signatures_decision" CHECK ("signatures"."decision" in ('approve', 'reject'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "signatures_job_key" ON "signatures" USING btree ("job_key");--> statement-breakpoint
CREATE INDEX "signatures_document_version" ON "signatures" USING btree ("document_id","version");