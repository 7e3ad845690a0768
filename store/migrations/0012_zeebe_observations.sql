CREATE TABLE "zeebe_incidents" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_key" text NOT NULL,
	"incident_key" text,
	"state" text NOT NULL,
	"error_type" text NOT NULL,
	"error_message" text NOT NULL,
	"process_instance_key" text NOT NULL,
	"element_instance_key" text NOT NULL,
	"element_id" text NOT NULL,
	"element_name" text,
	"bpmn_process_id" text NOT NULL,
	"created_at" bigint NOT NULL,
	"resolved_at" bigint,
	CONSTRAINT "zeebe_incidents_state_check" CHECK ("zeebe_incidents"."state" in ('ACTIVE', 'RESOLVED'))
);
--> statement-breakpoint
CREATE TABLE "zeebe_instances" (
	"process_instance_key" text PRIMARY KEY NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"version" integer NOT NULL,
	"process_definition_key" text NOT NULL,
	"started_here" boolean NOT NULL,
	"variables" jsonb NOT NULL,
	"drafting_dept" text,
	"document_title" text,
	"end_state" text,
	"created_at" bigint NOT NULL,
	"ended_at" bigint
);
--> statement-breakpoint
CREATE TABLE "zeebe_observations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"process_instance_key" text NOT NULL,
	"type" text NOT NULL,
	"element_instance_key" text,
	"element_id" text,
	"element_name" text,
	"job_key" text,
	"detail" jsonb NOT NULL,
	"at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "zeebe_incidents_state" ON "zeebe_incidents" USING btree ("state","created_at");--> statement-breakpoint
CREATE INDEX "zeebe_incidents_instance" ON "zeebe_incidents" USING btree ("process_instance_key");--> statement-breakpoint
CREATE UNIQUE INDEX "zeebe_incidents_active_job" ON "zeebe_incidents" USING btree ("job_key") WHERE "zeebe_incidents"."state" = 'ACTIVE';--> statement-breakpoint
CREATE INDEX "zeebe_instances_created" ON "zeebe_instances" USING btree ("created_at","process_instance_key");--> statement-breakpoint
CREATE INDEX "zeebe_instances_process" ON "zeebe_instances" USING btree ("bpmn_process_id","created_at");--> statement-breakpoint
CREATE INDEX "zeebe_instances_dept" ON "zeebe_instances" USING btree ("drafting_dept","created_at");--> statement-breakpoint
CREATE INDEX "zeebe_observations_instance" ON "zeebe_observations" USING btree ("process_instance_key","id");--> statement-breakpoint
CREATE UNIQUE INDEX "zeebe_observations_task_created" ON "zeebe_observations" USING btree ("job_key") WHERE "zeebe_observations"."type" = 'userTask.created';