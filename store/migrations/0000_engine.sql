CREATE TABLE "deployments" (
	"key" bigint PRIMARY KEY NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_events" (
	"position" bigserial PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"timestamp" bigint NOT NULL,
	"process_instance_key" bigint,
	"element_instance_key" bigint,
	"element_id" text,
	"bpmn_process_id" text,
	"payload" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engine_meta" (
	"name" text PRIMARY KEY NOT NULL,
	"value" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"key" bigint PRIMARY KEY NOT NULL,
	"state" text NOT NULL,
	"error_type" text NOT NULL,
	"error_message" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"job_key" bigint,
	"created_at" bigint NOT NULL,
	"resolved_at" bigint
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"key" bigint PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"state" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"process_definition_key" bigint NOT NULL,
	"process_definition_version" integer NOT NULL,
	"custom_headers" jsonb NOT NULL,
	"retries" integer NOT NULL,
	"retry_at" bigint NOT NULL,
	"error_message" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_correlations" (
	"message_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	CONSTRAINT "message_correlations_message_key_bpmn_process_id_pk" PRIMARY KEY("message_key","bpmn_process_id")
);
--> statement-breakpoint
CREATE TABLE "message_subscriptions" (
	"key" bigint PRIMARY KEY NOT NULL,
	"message_name" text NOT NULL,
	"correlation_key" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"interrupting" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"key" bigint PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"correlation_key" text NOT NULL,
	"message_id" text,
	"variables" jsonb NOT NULL,
	"expires_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "process_definitions" (
	"key" bigint PRIMARY KEY NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"version" integer NOT NULL,
	"resource_name" text NOT NULL,
	"checksum" text NOT NULL,
	"xml" text NOT NULL,
	"deployment_key" bigint NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "process_instances" (
	"key" bigint PRIMARY KEY NOT NULL,
	"process_definition_key" bigint NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"version" integer NOT NULL,
	"state" text NOT NULL,
	"runtime" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"ended_at" bigint
);
--> statement-breakpoint
CREATE TABLE "timers" (
	"key" bigint PRIMARY KEY NOT NULL,
	"due_at" bigint NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"repetitions" integer NOT NULL,
	"definition" jsonb NOT NULL
);
--> statement-breakpoint
CREATE INDEX "engine_events_instance" ON "engine_events" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "incidents_state" ON "incidents" USING btree ("state");--> statement-breakpoint
CREATE INDEX "incidents_instance" ON "incidents" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "jobs_activatable" ON "jobs" USING btree ("type","state","retry_at");--> statement-breakpoint
CREATE INDEX "jobs_instance" ON "jobs" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "message_subscriptions_lookup" ON "message_subscriptions" USING btree ("message_name","correlation_key");--> statement-breakpoint
CREATE INDEX "message_subscriptions_instance" ON "message_subscriptions" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "messages_lookup" ON "messages" USING btree ("name","correlation_key");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_id" ON "messages" USING btree ("name","correlation_key","message_id");--> statement-breakpoint
CREATE UNIQUE INDEX "process_definitions_id_version" ON "process_definitions" USING btree ("bpmn_process_id","version");--> statement-breakpoint
CREATE INDEX "process_instances_state" ON "process_instances" USING btree ("state","bpmn_process_id");--> statement-breakpoint
CREATE INDEX "timers_due" ON "timers" USING btree ("due_at");--> statement-breakpoint
CREATE INDEX "timers_instance" ON "timers" USING btree ("process_instance_key");