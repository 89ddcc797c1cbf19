package boltstore

import (
	"encoding/binary"
	"math"
	"time"

	"github.com/dockerqotd/dockerqotd/internal/quiz"
)

const sep = 0

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func join(parts ...[]byte) []byte {
	n := len(parts) - 1
	for _, p := range parts {
		n += len(p)
	}
	k := make([]byte, 0, n)
	for i, p := range parts {
		if i > 0 {
			k = append(k, sep)
		}
		k = append(k, p...)
	}
	return k
}

func teamKey(team quiz.TeamID, rest ...[]byte) []byte {
	return join(append([][]byte{[]byte(team)}, rest...)...)
}

// teamPrefix is the prefix of every composite key of team.
func teamPrefix(team quiz.TeamID) []byte { return append([]byte(team), sep) }

// answerKey orders a post's answers by arrival.
func answerKey(postID, seq uint64) []byte {
	return append(u64(postID), u64(seq)...)
}

// pointsKey orders points from most to fewest.
func pointsKey(points int) []byte {
	b := make([]byte, 4)
	binary.BigEndian.PutUint32(b, math.MaxUint32-uint32(max(points, 0)))
	return b
}

func pointsFromKey(k []byte) int {
	return int(math.MaxUint32 - binary.BigEndian.Uint32(k[:4]))
}

// rankKey orders a board: most points first, then who reached them first.
func rankKey(points int, reached time.Time, user string) []byte {
	k := make([]byte, 0, 12+len(user))
	k = append(k, pointsKey(points)...)
	k = binary.BigEndian.AppendUint64(k, uint64(reached.UnixNano()))
	return append(k, user...)
}

func parseRankKey(k []byte) (points int, reached time.Time, user string) {
	return pointsFromKey(k), time.Unix(0, int64(binary.BigEndian.Uint64(k[4:12]))), string(k[12:])
}
