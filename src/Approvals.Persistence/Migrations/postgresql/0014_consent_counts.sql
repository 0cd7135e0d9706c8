-- 0014 the figures a meeting record gives besides its votes, kept with it: the households (for the household quorum of a
-- 村民会议 or 村民小组会议), the committee members among a representatives' meeting's members, and the yes votes that were
-- representatives' (a rule that counts 三分之二以上村民代表 counts those only). Records made before stay without them.

ALTER TABLE consent_meetings ADD households integer;

ALTER TABLE consent_meetings ADD households_represented integer;

ALTER TABLE consent_meetings ADD committee_members integer;

ALTER TABLE consent_meetings ADD representatives_yes integer;
