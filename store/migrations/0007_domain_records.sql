CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" bigint NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"resource" text NOT NULL,
	"resource_id" text,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"kind" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "refresh_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"expires_at" bigint NOT NULL,
	"used_at" bigint
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"element_id" text NOT NULL,
	"process_instance_key" text NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"process_definition_key" text NOT NULL,
	"state" text NOT NULL,
	"assignee" text,
	"candidate_groups" jsonb NOT NULL,
	"candidate_users" jsonb NOT NULL,
	"due_at" bigint,
	"due_date" text,
	"form_id" text,
	"department" text,
	"document_id" text,
	"document_title" text,
	"variables" jsonb NOT NULL,
	"created_at" bigint NOT NULL,
	"completed_at" bigint,
	"completed_by" text,
	CONSTRAINT "tasks_state" CHECK ("tasks"."state" in ('CREATED', 'COMPLETED', 'CANCELED'))
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"department_id" text,
	"roles" jsonb NOT NULL,
	"demo_password" bigint DEFAULT 0 NOT NULL,
	"created_at" bigint NOT NULL,
	"disabled_at" bigint,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "catalogue_entries" (
	"document_id" text PRIMARY KEY NOT NULL,
	"number" text,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"department" text NOT NULL,
	"published_at" bigint NOT NULL,
	"url" text,
	"confirmed_by_campaign" text,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cleanup_campaigns" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"year" integer,
	"title" text NOT NULL,
	"status" text NOT NULL,
	"report" text,
	"approved_at" bigint,
	"catalogue_published_at" bigint,
	"process_instance_key" text,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cleanup_items" (
	"campaign_id" text NOT NULL,
	"document_id" text NOT NULL,
	"department" text NOT NULL,
	"classification" text,
	"reasons" text,
	"basis" text,
	"amendment_opinion" text,
	"classified_by" text,
	"classified_at" bigint,
	"legal_decision" text,
	"legal_opinion" text,
	"reviewed_at" bigint,
	CONSTRAINT "cleanup_items_campaign_id_document_id_pk" PRIMARY KEY("campaign_id","document_id"),
	CONSTRAINT "cleanup_items_amend_opinion" CHECK ("cleanup_items"."classification" is distinct from 'amend' or coalesce(length(trim("cleanup_items"."amendment_opinion")), 0) > 0)
);
--> statement-breakpoint
CREATE TABLE "comments" (
	"id" text PRIMARY KEY NOT NULL,
	"consultation_id" text NOT NULL,
	"author_name" text,
	"contact_ciphertext" text,
	"content" text NOT NULL,
	"submitted_at" bigint NOT NULL,
	"category" text,
	"disposition" text,
	"disposition_reason" text,
	"disposed_by" text,
	"disposed_at" bigint,
	CONSTRAINT "comments_disposition" CHECK ("comments"."disposition" is null or "comments"."disposition" in ('adopted', 'partially-adopted', 'rejected')),
	CONSTRAINT "comments_rejection_reason" CHECK ("comments"."disposition" is distinct from 'rejected' or coalesce(length(trim("comments"."disposition_reason")), 0) > 0)
);
--> statement-breakpoint
CREATE TABLE "consultations" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"version" integer NOT NULL,
	"round" integer NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"opens_at" bigint NOT NULL,
	"closes_at" bigint NOT NULL,
	"process_instance_key" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_processes" (
	"process_instance_key" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"bpmn_process_id" text NOT NULL,
	"started_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_versions" (
	"document_id" text NOT NULL,
	"version" integer NOT NULL,
	"content" text NOT NULL,
	"content_hash" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "document_versions_document_id_version_pk" PRIMARY KEY("document_id","version")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" text PRIMARY KEY NOT NULL,
	"number" text,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"drafting_dept" text NOT NULL,
	"lead_dept" text,
	"status" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"current_version" integer DEFAULT 0 NOT NULL,
	"published_at" bigint,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	"updated_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluation_projects" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"subject" text NOT NULL,
	"scope" text NOT NULL,
	"responsible_dept" text NOT NULL,
	"status" text NOT NULL,
	"procurement_method" text,
	"evaluator_id" text,
	"contract_number" text,
	"contract_signed_at" bigint,
	"fee" integer,
	"report_due_at" bigint,
	"plan" text,
	"plan_approved_at" bigint,
	"report" text,
	"report_submitted_at" bigint,
	"accepted_at" bigint,
	"paid_at" bigint,
	"recommendation" text,
	"process_instance_key" text,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "evaluators" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"qualifications" text NOT NULL,
	"related_departments" jsonb NOT NULL,
	"independence_declaration" text,
	"declared_at" bigint,
	"blacklisted_at" bigint,
	"blacklist_reason" text,
	"blacklisted_by" text,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "expert_opinions" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"meeting_id" text,
	"expert_name" text NOT NULL,
	"expert_user_id" text,
	"affiliation" text,
	"opinion" text NOT NULL,
	"task_id" text,
	"submitted_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"kind" text NOT NULL,
	"subject" text NOT NULL,
	"place" text NOT NULL,
	"held_at" bigint NOT NULL,
	"announced_at" bigint,
	"chair" text,
	"participants" jsonb NOT NULL,
	"minutes" text NOT NULL,
	"process_instance_key" text,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "meetings_kind" CHECK ("meetings"."kind" in ('symposium', 'expert-review', 'hearing')),
	CONSTRAINT "meetings_hearing_announced" CHECK ("meetings"."kind" <> 'hearing' or ("meetings"."announced_at" is not null and "meetings"."announced_at" < "meetings"."held_at"))
);
--> statement-breakpoint
CREATE TABLE "publications" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"version" integer NOT NULL,
	"items" jsonb NOT NULL,
	"url" text NOT NULL,
	"published_at" bigint NOT NULL,
	"job_key" text NOT NULL,
	CONSTRAINT "publications_job_key_unique" UNIQUE("job_key")
);
--> statement-breakpoint
CREATE TABLE "research_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"job_key" text NOT NULL,
	"html" text NOT NULL,
	"content_hash" text NOT NULL,
	"created_at" bigint NOT NULL,
	CONSTRAINT "research_reports_job_key_unique" UNIQUE("job_key")
);
--> statement-breakpoint
CREATE TABLE "stakeholder_pushes" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"stakeholder_id" text NOT NULL,
	"channel" text NOT NULL,
	"due_at" bigint NOT NULL,
	"pushed_at" bigint,
	"outcome" text NOT NULL,
	"detail" text,
	"job_key" text
);
--> statement-breakpoint
CREATE TABLE "stakeholders" (
	"id" text PRIMARY KEY NOT NULL,
	"document_id" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"collected_via" text NOT NULL,
	"contact_ciphertext" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE INDEX "audit_log_resource" ON "audit_log" USING btree ("resource","resource_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor" ON "audit_log" USING btree ("actor","at");--> statement-breakpoint
CREATE INDEX "tasks_open_due" ON "tasks" USING btree ("state","due_at");--> statement-breakpoint
CREATE INDEX "tasks_assignee" ON "tasks" USING btree ("assignee","state","due_at");--> statement-breakpoint
CREATE INDEX "tasks_department" ON "tasks" USING btree ("department","state","due_at");--> statement-breakpoint
CREATE INDEX "tasks_instance" ON "tasks" USING btree ("process_instance_key");--> statement-breakpoint
CREATE INDEX "tasks_candidate_groups" ON "tasks" USING gin ("candidate_groups");--> statement-breakpoint
CREATE INDEX "users_department" ON "users" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "catalogue_entries_published" ON "catalogue_entries" USING btree ("published_at");--> statement-breakpoint
CREATE INDEX "cleanup_items_department" ON "cleanup_items" USING btree ("department");--> statement-breakpoint
CREATE INDEX "comments_consultation" ON "comments" USING btree ("consultation_id","submitted_at");--> statement-breakpoint
CREATE INDEX "consultations_document" ON "consultations" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "consultations_open" ON "consultations" USING btree ("closes_at");--> statement-breakpoint
CREATE INDEX "document_processes_document" ON "document_processes" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "documents_dept" ON "documents" USING btree ("drafting_dept","status");--> statement-breakpoint
CREATE INDEX "documents_status" ON "documents" USING btree ("status");--> statement-breakpoint
CREATE INDEX "evaluation_projects_evaluator" ON "evaluation_projects" USING btree ("evaluator_id");--> statement-breakpoint
CREATE INDEX "evaluation_projects_document" ON "evaluation_projects" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "expert_opinions_document" ON "expert_opinions" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "expert_opinions_task" ON "expert_opinions" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "meetings_document" ON "meetings" USING btree ("document_id","held_at");--> statement-breakpoint
CREATE INDEX "publications_document" ON "publications" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "research_reports_document" ON "research_reports" USING btree ("document_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stakeholder_pushes_one" ON "stakeholder_pushes" USING btree ("document_id","stakeholder_id","channel");--> statement-breakpoint
CREATE INDEX "stakeholder_pushes_due" ON "stakeholder_pushes" USING btree ("outcome","due_at");--> statement-breakpoint
CREATE INDEX "stakeholders_document" ON "stakeholders" USING btree ("document_id");--> statement-breakpoint
CREATE FUNCTION "audit_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$;--> statement-breakpoint
CREATE TRIGGER "audit_log_no_update" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "audit_log_append_only"();
