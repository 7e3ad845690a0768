DROP INDEX "tasks_candidate_groups";--> statement-breakpoint
CREATE INDEX "tasks_open_candidate_groups" ON "tasks" USING gin ("candidate_groups") WHERE "tasks"."state" = 'CREATED';--> statement-breakpoint
CREATE INDEX "tasks_open_candidate_users" ON "tasks" USING gin ("candidate_users") WHERE "tasks"."state" = 'CREATED';