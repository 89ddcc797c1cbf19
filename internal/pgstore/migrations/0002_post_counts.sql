-- Schema 2: a post's counters leave its row. Each answer rewrote them
-- under the post's row lock, so the answers to one post ran one at a
-- time. Now an answer holds the post's row FOR SHARE, which answers share
-- and the reveal's FOR UPDATE waits for, and adds itself to one of the
-- post's rows here, chosen by its user; the counters are their sums.

CREATE TABLE post_counts (
	post_id       bigint   NOT NULL REFERENCES posts,
	shard         smallint NOT NULL,
	answers       integer  NOT NULL,
	right_answers integer  NOT NULL,
	letter_a      integer  NOT NULL,
	letter_b      integer  NOT NULL,
	letter_c      integer  NOT NULL,
	letter_d      integer  NOT NULL,
	PRIMARY KEY (post_id, shard)
);

-- The counters so far become each post's shard 0, as they were.
INSERT INTO post_counts (post_id, shard, answers, right_answers, letter_a, letter_b, letter_c, letter_d)
SELECT id, 0, answers, right_answers,
	coalesce(by_letter[1], 0), coalesce(by_letter[2], 0), coalesce(by_letter[3], 0), coalesce(by_letter[4], 0)
FROM posts
WHERE answers <> 0 OR right_answers <> 0 OR 0 <> ANY (by_letter);

ALTER TABLE posts DROP COLUMN answers, DROP COLUMN right_answers, DROP COLUMN by_letter;
