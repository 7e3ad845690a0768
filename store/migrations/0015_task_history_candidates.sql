-- task_candidates keeps every task's candidates, with the task's state: the history lists ("completed
-- tasks of my groups") read the same index as the inbox instead of every task's JSON lists
DROP INDEX "task_candidates_due";--> statement-breakpoint
ALTER TABLE "task_candidates" ADD COLUMN "state" text NOT NULL DEFAULT 'CREATED';--> statement-breakpoint
ALTER TABLE "task_candidates" ALTER COLUMN "state" DROP DEFAULT;--> statement-breakpoint
DROP TRIGGER "tasks_candidates_insert" ON "tasks";--> statement-breakpoint
DROP TRIGGER "tasks_candidates_update" ON "tasks";--> statement-breakpoint
DROP TRIGGER "tasks_candidates_delete" ON "tasks";--> statement-breakpoint
CREATE OR REPLACE FUNCTION "task_candidates_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- a change of state alone (a task completed or cancelled, the usual write) moves the rows' state
  IF TG_OP = 'UPDATE' AND OLD."id" = NEW."id" AND OLD."due_at" IS NOT DISTINCT FROM NEW."due_at"
     AND OLD."candidate_groups" IS NOT DISTINCT FROM NEW."candidate_groups" AND OLD."candidate_users" IS NOT DISTINCT FROM NEW."candidate_users" THEN
    UPDATE "task_candidates" SET "state" = NEW."state" WHERE "task_id" = NEW."id";
    RETURN NULL;
  END IF;
  -- otherwise the candidates are rewritten (a list that is not a JSON array offers the task to no one
  -- rather than failing the write)
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "task_candidates" WHERE "task_id" = OLD."id";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "task_candidates" ("task_id", "candidate", "due_at", "state")
    SELECT NEW."id", 'group:' || g, NEW."due_at", NEW."state" FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(NEW."candidate_groups") = 'array' THEN NEW."candidate_groups" ELSE '[]' END) AS g
    UNION
    SELECT NEW."id", 'user:' || u, NEW."due_at", NEW."state" FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(NEW."candidate_users") = 'array' THEN NEW."candidate_users" ELSE '[]' END) AS u;
  END IF;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "tasks_candidates_insert" AFTER INSERT ON "tasks" FOR EACH ROW EXECUTE FUNCTION "task_candidates_sync"();--> statement-breakpoint
CREATE TRIGGER "tasks_candidates_update" AFTER UPDATE ON "tasks" FOR EACH ROW
  WHEN (OLD."state" IS DISTINCT FROM NEW."state" OR OLD."id" IS DISTINCT FROM NEW."id" OR OLD."due_at" IS DISTINCT FROM NEW."due_at"
    OR OLD."candidate_groups" IS DISTINCT FROM NEW."candidate_groups" OR OLD."candidate_users" IS DISTINCT FROM NEW."candidate_users")
  EXECUTE FUNCTION "task_candidates_sync"();--> statement-breakpoint
CREATE TRIGGER "tasks_candidates_delete" AFTER DELETE ON "tasks" FOR EACH ROW EXECUTE FUNCTION "task_candidates_sync"();--> statement-breakpoint
INSERT INTO "task_candidates" ("task_id", "candidate", "due_at", "state")
SELECT t."id", 'group:' || g, t."due_at", t."state" FROM "tasks" t, jsonb_array_elements_text(CASE WHEN jsonb_typeof(t."candidate_groups") = 'array' THEN t."candidate_groups" ELSE '[]' END) AS g WHERE t."state" <> 'CREATED'
UNION
SELECT t."id", 'user:' || u, t."due_at", t."state" FROM "tasks" t, jsonb_array_elements_text(CASE WHEN jsonb_typeof(t."candidate_users") = 'array' THEN t."candidate_users" ELSE '[]' END) AS u WHERE t."state" <> 'CREATED';--> statement-breakpoint
CREATE INDEX "task_candidates_state_due" ON "task_candidates" USING btree ("candidate","state","due_at","task_id");--> statement-breakpoint
ANALYZE "task_candidates";
