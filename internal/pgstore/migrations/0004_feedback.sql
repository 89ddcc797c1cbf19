-- Schema 4: what the bot keeps beyond the daily game. A team may turn its
-- weekly recap off; once-only jobs (a season's final board, a week's
-- recap, a member's reminder of a day) are claimed for a while by one
-- replica and then marked done; members report questions, one report per
-- question and member in a team; members with review reminders on.

ALTER TABLE teams ADD COLUMN no_recap boolean NOT NULL DEFAULT false;

CREATE TABLE jobs (
	team   text COLLATE "C" NOT NULL REFERENCES teams,
	key    text COLLATE "C" NOT NULL,
	holder text        NOT NULL DEFAULT '',
	until  timestamptz,
	done   timestamptz,
	PRIMARY KEY (team, key)
);

CREATE TABLE reports (
	team        text COLLATE "C" NOT NULL REFERENCES teams,
	question_id text COLLATE "C" NOT NULL,
	user_id     text COLLATE "C" NOT NULL,
	name        text        NOT NULL,
	reason      text        NOT NULL,
	note        text        NOT NULL,
	at          timestamptz,
	PRIMARY KEY (team, question_id, user_id)
);

CREATE TABLE reminders (
	team    text COLLATE "C" NOT NULL REFERENCES teams,
	user_id text COLLATE "C" NOT NULL,
	PRIMARY KEY (team, user_id)
);
