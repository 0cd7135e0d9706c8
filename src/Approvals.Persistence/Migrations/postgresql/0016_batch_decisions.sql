-- 0016 a batch decides each of its projects (Jiaxing 四.(四)): passed, to rectify (back to the town, then into a later
-- batch) or failed. Each member keeps its decision and the batch's opinion on it; a project is in one *open* batch at a
-- time, so one sent back to rectify can join a later batch. Members of batches closed before take the batch's decision.

ALTER TABLE batch_members ADD decision character varying(20);

ALTER TABLE batch_members ADD opinion text;

UPDATE batch_members m SET
    decision = CASE WHEN b.approved THEN 'passed' ELSE 'failed' END,
    opinion = b.opinion
FROM batches b
WHERE b.id = m.batch_id AND b.status = 'closed';

DROP INDEX ux_batch_members_instance_id;

CREATE UNIQUE INDEX ux_batch_members_instance_id ON batch_members (instance_id) WHERE decision IS NULL;
