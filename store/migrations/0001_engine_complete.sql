CREATE TABLE "signal_subscriptions" (
	"key" bigint PRIMARY KEY NOT NULL,
	"signal_name" text NOT NULL,
	"process_instance_key" bigint NOT NULL,
	"element_instance_key" bigint NOT NULL,
	"element_id" text NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"process_definition_key" bigint
);
--> statement-breakpoint
ALTER TABLE "message_subscriptions" ADD COLUMN "process_definition_key" bigint;--> statement-breakpoint
ALTER TABLE "process_instances" ADD COLUMN "parent_process_instance_key" bigint;--> statement-breakpoint
ALTER TABLE "process_instances" ADD COLUMN "parent_element_instance_key" bigint;--> statement-breakpoint
ALTER TABLE "process_instances" ADD COLUMN "start_correlation_key" text;--> statement-breakpoint
ALTER TABLE "timers" ADD COLUMN "process_definition_key" bigint;--> statement-breakpoint
CREATE INDEX "signal_subscriptions_name" ON "signal_subscriptions" USING btree ("signal_name");--> statement-breakpoint
CREATE INDEX "signal_subscriptions_instance" ON "signal_subscriptions" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "process_instances_parent" ON "process_instances" USING btree ("parent_process_instance_key");--> statement-breakpoint
CREATE INDEX "process_instances_start_correlation" ON "process_instances" USING btree ("bpmn_process_id","start_correlation_key");