-- Schema 1: everything quiz.Store keeps. Ids, user ids, periods and
-- question ids sort bytewise (COLLATE "C"), as bbolt keys do, so both
-- stores list teams, ties and appeals in the same order. Times are
-- timestamptz in whole milliseconds, NULL for none.

CREATE TABLE teams (
	id         text COLLATE "C" PRIMARY KEY,
	name       text    NOT NULL,
	channel    text    NOT NULL,
	schedule   text    NOT NULL,
	timezone   text    NOT NULL,
	paused     boolean NOT NULL,
	levels     text[]  NOT NULL,
	topics     text[]  NOT NULL,
	reveal_ms  bigint  NOT NULL,
	season     text    NOT NULL,
	no_freezes boolean NOT NULL,
	created_at timestamptz
);

-- A team's way through the bank; ClaimPost locks the row, so one replica
-- at a time advances it.
CREATE TABLE rotations (
	team  text COLLATE "C" PRIMARY KEY REFERENCES teams,
	cycle integer NOT NULL,
	used  text[]  NOT NULL
);

CREATE SEQUENCE post_ids;

CREATE TABLE posts (
	id            bigint PRIMARY KEY,
	team          text COLLATE "C" NOT NULL REFERENCES teams,
	channel       text       NOT NULL,
	occurrence    text       NOT NULL,
	scheduled_at  timestamptz,
	question_id   text       NOT NULL,
	topic         text       NOT NULL,
	level         text       NOT NULL,
	choice_order  smallint[] NOT NULL,
	correct       smallint   NOT NULL,
	message_id    text       NOT NULL,
	posted_at     timestamptz,
	revealed      boolean    NOT NULL,
	revealed_at   timestamptz,
	answers       integer    NOT NULL,
	right_answers integer    NOT NULL,
	by_letter     integer[]  NOT NULL,
	-- One post per occurrence: ClaimPost inserts ON CONFLICT DO NOTHING.
	UNIQUE (team, occurrence)
);

-- A team's posts in order, and the last revealed one before a post.
CREATE INDEX posts_team ON posts (team, id) INCLUDE (revealed);

-- A post's send lease and last live-count edit. Like boltstore's
-- postleases bucket it needs no post: a live edit may be claimed for any id.
CREATE TABLE post_leases (
	post_id    bigint PRIMARY KEY,
	send_until timestamptz,
	holder     text NOT NULL DEFAULT '',
	last_edit  timestamptz
);

-- Answers to daily posts; seq is the order they arrived in.
CREATE TABLE answers (
	post_id bigint NOT NULL REFERENCES posts,
	user_id text COLLATE "C" NOT NULL,
	seq     bigint GENERATED ALWAYS AS IDENTITY,
	letter  smallint NOT NULL,
	correct boolean  NOT NULL,
	points  integer  NOT NULL,
	streak  integer  NOT NULL,
	at      timestamptz,
	PRIMARY KEY (post_id, user_id)
);

-- One user's record in one team. periods lists the keys of the periods
-- whose scores (rows of scores) make UserStats.Scores; history_posts and
-- history_results (quiz.Result) are the recent daily posts and what became
-- of each, oldest first.
CREATE TABLE users (
	team                  text COLLATE "C" NOT NULL REFERENCES teams,
	user_id               text COLLATE "C" NOT NULL,
	name                  text    NOT NULL DEFAULT '',
	points                bigint  NOT NULL DEFAULT 0,
	streak                integer NOT NULL DEFAULT 0,
	best_streak           integer NOT NULL DEFAULT 0,
	last_post             bigint  NOT NULL DEFAULT 0,
	daily_answered        integer NOT NULL DEFAULT 0,
	daily_right           integer NOT NULL DEFAULT 0,
	practice_answered     integer NOT NULL DEFAULT 0,
	practice_right        integer NOT NULL DEFAULT 0,
	topics                jsonb   NOT NULL DEFAULT '{}',
	open                  jsonb   NOT NULL DEFAULT '{}',
	periods               text[]  NOT NULL DEFAULT '{}',
	interview_answered    integer NOT NULL DEFAULT 0,
	interview_percent_sum bigint  NOT NULL DEFAULT 0,
	freezes               integer NOT NULL DEFAULT 0,
	freezes_used          integer NOT NULL DEFAULT 0,
	best_season_rank      integer NOT NULL DEFAULT 0,
	best_season           text    NOT NULL DEFAULT '',
	history_posts         bigint[]   NOT NULL DEFAULT '{}',
	history_results       smallint[] NOT NULL DEFAULT '{}',
	last_seen             timestamptz,
	PRIMARY KEY (team, user_id)
);

-- The leaderboards: a user's points in one period and when they reached
-- them, past periods included.
CREATE TABLE scores (
	team    text COLLATE "C" NOT NULL,
	period  text COLLATE "C" NOT NULL,
	user_id text COLLATE "C" NOT NULL,
	points  bigint      NOT NULL,
	reached timestamptz NOT NULL,
	PRIMARY KEY (team, period, user_id),
	FOREIGN KEY (team, user_id) REFERENCES users
);

-- The top of a board, and a caller's rank: the players with more points.
CREATE INDEX scores_rank ON scores (team, period, points DESC, reached, user_id);

-- The members a streak freeze kept at a post's reveal: the next reveal
-- looks at their streaks too.
CREATE TABLE frozen (
	team    text COLLATE "C" NOT NULL,
	post_id bigint NOT NULL REFERENCES posts,
	user_id text COLLATE "C" NOT NULL,
	PRIMARY KEY (team, post_id, user_id)
);

CREATE TABLE reviews (
	team        text COLLATE "C" NOT NULL REFERENCES teams,
	user_id     text COLLATE "C" NOT NULL,
	question_id text COLLATE "C" NOT NULL,
	box         smallint NOT NULL,
	due         timestamptz,
	PRIMARY KEY (team, user_id, question_id)
);

CREATE SEQUENCE round_ids;

-- Practice rounds. Like boltstore, a round may name a team not stored.
CREATE TABLE rounds (
	id            bigint PRIMARY KEY,
	team          text COLLATE "C" NOT NULL,
	user_id       text    NOT NULL,
	kind          text    NOT NULL,
	items         jsonb   NOT NULL,
	next          integer NOT NULL,
	right_answers integer NOT NULL,
	created_at    timestamptz
);

CREATE SEQUENCE interview_ids;

CREATE TABLE interviews (
	id          bigint PRIMARY KEY,
	team        text COLLATE "C" NOT NULL REFERENCES teams,
	user_id     text      NOT NULL,
	question_id text      NOT NULL,
	topic       text      NOT NULL,
	answer      text      NOT NULL,
	covered     boolean[] NOT NULL,
	appealed    boolean[] NOT NULL,
	rating      text      NOT NULL,
	at          timestamptz
);

-- Appealed key points, grouped by question and point.
CREATE TABLE appeals (
	question_id text COLLATE "C" NOT NULL,
	point       integer NOT NULL,
	result_id   bigint  NOT NULL REFERENCES interviews,
	PRIMARY KEY (question_id, point, result_id)
);

-- Platform event ids seen within the last hour.
CREATE TABLE events (
	id      text PRIMARY KEY,
	seen_at timestamptz NOT NULL
);

CREATE INDEX events_seen ON events (seen_at);
