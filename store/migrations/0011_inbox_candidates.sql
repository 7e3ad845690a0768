CREATE TABLE "task_candidates" (
	"task_id" text NOT NULL,
	"candidate" text NOT NULL,
	"due_at" bigint,
	CONSTRAINT "task_candidates_pkey" PRIMARY KEY("task_id","candidate")
);
--> statement-breakpoint
DROP INDEX "tasks_open_candidate_groups";--> statement-breakpoint
DROP INDEX "tasks_open_candidate_users";--> statement-breakpoint
CREATE INDEX "task_candidates_due" ON "task_candidates" USING btree ("candidate","due_at","task_id");--> statement-breakpoint
DROP INDEX "tasks_open_due";--> statement-breakpoint
DROP INDEX "tasks_assignee";--> statement-breakpoint
DROP INDEX "tasks_department";--> statement-breakpoint
CREATE INDEX "tasks_open_due" ON "tasks" USING btree ("state","due_at","id");--> statement-breakpoint
CREATE INDEX "tasks_assignee" ON "tasks" USING btree ("assignee","state","due_at","id");--> statement-breakpoint
CREATE INDEX "tasks_department" ON "tasks" USING btree ("department","state","due_at","id");--> statement-breakpoint
CREATE FUNCTION "task_candidates_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- the candidates of an open task, rewritten whenever its state, groups, users or due date change
  -- (a list that is not a JSON array offers the task to no one rather than failing the write)
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "task_candidates" WHERE "task_id" = OLD."id";
  END IF;
  IF TG_OP <> 'DELETE' AND NEW."state" = 'CREATED' THEN
    INSERT INTO "task_candidates" ("task_id", "candidate", "due_at")
    SELECT NEW."id", 'group:' || g, NEW."due_at" FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(NEW."candidate_groups") = 'array' THEN NEW."candidate_groups" ELSE '[]' END) AS g
    UNION
    SELECT NEW."id", 'user:' || u, NEW."due_at" FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(NEW."candidate_users") = 'array' THEN NEW."candidate_users" ELSE '[]' END) AS u;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE FUNCTION "task_candidates_clear"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE "task_candidates";
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "tasks_candidates_insert" AFTER INSERT ON "tasks" FOR EACH ROW WHEN (NEW."state" = 'CREATED') EXECUTE FUNCTION "task_candidates_sync"();--> statement-breakpoint
CREATE TRIGGER "tasks_candidates_update" AFTER UPDATE ON "tasks" FOR EACH ROW
  WHEN ((OLD."state" = 'CREATED' OR NEW."state" = 'CREATED') AND (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."id" IS DISTINCT FROM NEW."id"
    OR OLD."due_at" IS DISTINCT FROM NEW."due_at" OR OLD."candidate_groups" IS DISTINCT FROM NEW."candidate_groups" OR OLD."candidate_users" IS DISTINCT FROM NEW."candidate_users"))
  EXECUTE FUNCTION "task_candidates_sync"();--> statement-breakpoint
CREATE TRIGGER "tasks_candidates_delete" AFTER DELETE ON "tasks" FOR EACH ROW WHEN (OLD."state" = 'CREATED') EXECUTE FUNCTION "task_candidates_sync"();--> statement-breakpoint
CREATE TRIGGER "tasks_candidates_truncate" AFTER TRUNCATE ON "tasks" FOR EACH STATEMENT EXECUTE FUNCTION "task_candidates_clear"();--> statement-breakpoint
INSERT INTO "task_candidates" ("task_id", "candidate", "due_at")
SELECT t."id", 'group:' || g, t."due_at" FROM "tasks" t, jsonb_array_elements_text(CASE WHEN jsonb_typeof(t."candidate_groups") = 'array' THEN t."candidate_groups" ELSE '[]' END) AS g WHERE t."state" = 'CREATED'
UNION
SELECT t."id", 'user:' || u, t."due_at" FROM "tasks" t, jsonb_array_elements_text(CASE WHEN jsonb_typeof(t."candidate_users") = 'array' THEN t."candidate_users" ELSE '[]' END) AS u WHERE t."state" = 'CREATED';--> statement-breakpoint
ANALYZE "task_candidates";
