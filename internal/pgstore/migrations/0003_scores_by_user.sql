-- Schema 3: a user's scores are found by the user. Every answer reads the
-- scores of the periods its users row names; keyed (team, period,
-- user_id), they had no index that leads with the user, and the planner
-- walked the whole team's scores (or its users) for each answer. Keyed
-- (team, user_id, period) they are one short range. The boards keep
-- scores_rank, which leads with the period.
ALTER TABLE scores DROP CONSTRAINT scores_pkey, ADD PRIMARY KEY (team, user_id, period);
