CREATE TABLE "report_chunks" (
	"report_id" bigint NOT NULL,
	"seq" integer NOT NULL,
	"content" text NOT NULL,
	CONSTRAINT "report_chunks_report_id_seq_pk" PRIMARY KEY("report_id","seq")
);
--> statement-breakpoint
ALTER TABLE "report_chunks" ADD CONSTRAINT "report_chunks_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Reports made before chunks keep their file, as one chunk.
INSERT INTO "report_chunks" ("report_id", "seq", "content") SELECT "id", 0, "content" FROM "reports";--> statement-breakpoint
ALTER TABLE "reports" DROP COLUMN "content";