-- Every certificate has its view-count row from sealing on, so the batched counter can use a plain
-- UPDATE (an upsert costs several times more on the embedded database).
INSERT INTO "sigma"."certificate_views" ("certificate_id", "views")
SELECT c."id", 0 FROM "sigma"."certificates" c
WHERE NOT EXISTS (SELECT 1 FROM "sigma"."certificate_views" v WHERE v."certificate_id" = c."id");
