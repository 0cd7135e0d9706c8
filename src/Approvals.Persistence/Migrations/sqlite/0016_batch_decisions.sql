-- 0016 a batch decides each of its projects (Jiaxing 四.(四)): passed, to rectify (back to the town, then into a later
-- batch) or failed. Each member keeps its decision and the batch's opinion on it; a project is in one *open* batch at a
-- time, so one sent back to rectify can join a later batch. Members of batches closed before take the batch's decision.

ALTER TABLE batch_members ADD COLUMN decision TEXT NULL;

ALTER TABLE batch_members ADD COLUMN opinion TEXT NULL;

UPDATE batch_members SET
    decision = (SELECT CASE WHEN b.approved = 1 THEN 'passed' ELSE 'failed' END FROM batches b WHERE b.id = batch_members.batch_id),
    opinion = (SELECT b.opinion FROM batches b WHERE b.id = batch_members.batch_id)
WHERE (SELECT b.status FROM batches b WHERE b.id = batch_members.batch_id) = 'closed';

DROP INDEX ux_batch_members_instance_id;

CREATE UNIQUE INDEX ux_batch_members_instance_id ON batch_members (instance_id) WHERE decision IS NULL;
