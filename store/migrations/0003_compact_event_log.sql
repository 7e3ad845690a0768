CREATE TABLE "engine_event_log" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"timestamp" bigint NOT NULL,
	"process_instance_key" bigint,
	"bpmn_process_id" text,
	"events" jsonb NOT NULL
);
--> statement-breakpoint
DROP TABLE "engine_events" CASCADE;--> statement-breakpoint
CREATE INDEX "engine_event_log_instance" ON "engine_event_log" USING btree ("process_instance_key");