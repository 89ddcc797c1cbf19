package boltstore

import (
	bolt "go.etcd.io/bbolt"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

// txCache keeps the records a batch of answers reads over and over (the
// morning's post, its team) decoded for the length of one write
// transaction. Only the writer uses it, and bbolt admits one writer at a
// time, so it needs no lock of its own. Keyed by transaction id: a batch
// retried after a rollback gets the same id, and finds what it read from
// the same committed state.
type txCache struct {
	id    int
	posts map[uint64]quiz.Post // without counters
	teams map[quiz.TeamID]cachedTeam
}

type cachedTeam struct {
	team quiz.Team
	tag  uint32
}

func (c *txCache) reset(tx *bolt.Tx) {
	if c.id == tx.ID() && c.posts != nil {
		return
	}
	c.id = tx.ID()
	c.posts = map[uint64]quiz.Post{}
	c.teams = map[quiz.TeamID]cachedTeam{}
}

// post reads a post through the cache; its counters are always read fresh.
func (c *txCache) post(tx *bolt.Tx, id uint64) (quiz.Post, error) {
	c.reset(tx)
	p, ok := c.posts[id]
	if !ok {
		var err error
		if p, err = getPostRecord(tx, id); err != nil {
			return p, err
		}
		c.posts[id] = p
	}
	readCounts(tx, &p)
	return p, nil
}

func (c *txCache) team(tx *bolt.Tx, id quiz.TeamID) (quiz.Team, uint32, error) {
	c.reset(tx)
	t, ok := c.teams[id]
	if !ok {
		team, tag, err := getTeam(tx, id)
		if err != nil {
			return team, tag, err
		}
		t = cachedTeam{team, tag}
		c.teams[id] = t
	}
	return t.team, t.tag, nil
}
