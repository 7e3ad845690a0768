CREATE TABLE "decision_definitions" (
	"key" bigint PRIMARY KEY NOT NULL,
	"decision_id" text NOT NULL,
	"name" text,
	"version" integer NOT NULL,
	"decision_requirements_key" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_requirements" (
	"key" bigint PRIMARY KEY NOT NULL,
	"decision_requirements_id" text NOT NULL,
	"version" integer NOT NULL,
	"resource_name" text NOT NULL,
	"checksum" text NOT NULL,
	"xml" text NOT NULL,
	"deployment_key" bigint NOT NULL,
	"created_at" bigint NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "decision_definitions_id_version" ON "decision_definitions" USING btree ("decision_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "decision_requirements_id_version" ON "decision_requirements" USING btree ("decision_requirements_id","version");