-- Domain names become unique across the installation (as in LINE WORKS), and with them login ids
-- (localpart@domain name), so member sign-in finds one member without knowing the tenant.
--
-- Installations may already hold one domain name in several tenants. The oldest domain of each name
-- (by createdAt, then id) keeps it; every later one is renamed to d<lwDomainId>.<name> (cut to 63
-- characters), which is unique because lwDomainId is. The login ids of its members, and the copies
-- of them in their search texts and external links, follow the new name. Nothing else refers to a
-- domain by name. Should a renamed name happen to be taken already, the index below fails and the
-- migration rolls back as a whole: rename that domain by hand and start again.
CREATE TEMPORARY TABLE "_RenamedDomain" AS
SELECT "id", rtrim(left('d' || "lwDomainId" || '.' || "name", 63), '.-') AS "name"
FROM (
  SELECT "id", "name", "lwDomainId", row_number() OVER (PARTITION BY "name" ORDER BY "createdAt", "id") AS "rank"
  FROM "Domain"
) AS "ranked"
WHERE "rank" > 1;

UPDATE "Domain" AS d SET "name" = r."name" FROM "_RenamedDomain" AS r WHERE d."id" = r."id";

CREATE TEMPORARY TABLE "_RenamedLogin" AS
SELECT m."id", m."loginId" AS "before", split_part(m."loginId", '@', 1) || '@' || r."name" AS "after"
FROM "Member" AS m JOIN "_RenamedDomain" AS r ON m."domainId" = r."id";

-- Search texts start with ' ' and the login id (see memberSearchText and linkSearchText).
UPDATE "Member" AS m
SET "loginId" = l."after",
    "searchText" = CASE WHEN starts_with(m."searchText", ' ' || l."before")
      THEN ' ' || l."after" || substr(m."searchText", length(l."before") + 2) ELSE m."searchText" END
FROM "_RenamedLogin" AS l WHERE m."id" = l."id";

UPDATE "ExternalLink" AS e
SET "loginId" = l."after",
    "searchText" = CASE WHEN starts_with(e."searchText", ' ' || l."before")
      THEN ' ' || l."after" || substr(e."searchText", length(l."before") + 2) ELSE e."searchText" END
FROM "_RenamedLogin" AS l WHERE e."memberId" = l."id";

DROP TABLE "_RenamedLogin", "_RenamedDomain";

-- CreateIndex
CREATE UNIQUE INDEX "Domain_name_key" ON "Domain"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Member_loginId_key" ON "Member"("loginId");
