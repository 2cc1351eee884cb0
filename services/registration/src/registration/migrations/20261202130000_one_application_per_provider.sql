-- migrate:up
-- One provider, one account (README, "Submits"): the same NPWP, NIB or email already registered or pending in any
-- LPSE is refused. The SELECT before the INSERT cannot see a submission committing at the same moment in another
-- LPSE, so the database holds the rule too. A rejected application no longer counts, as in that SELECT. Drafts are
-- not held to it: a draft is not an application, and two drafts of one address may race; the first sent wins.
CREATE UNIQUE INDEX applications_one_per_npwp ON applications (npwp) WHERE status <> 'rejected';
CREATE UNIQUE INDEX applications_one_per_nib ON applications (nib) WHERE status <> 'rejected';
CREATE UNIQUE INDEX applications_one_per_email ON applications (lower(email)) WHERE status <> 'rejected';

-- migrate:down
DROP INDEX applications_one_per_email;
DROP INDEX applications_one_per_nib;
DROP INDEX applications_one_per_npwp;
