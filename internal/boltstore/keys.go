package boltstore

import (
	"encoding/binary"
	"fmt"
	"time"
)

func u64(v uint64) []byte { return binary.BigEndian.AppendUint64(nil, v) }

func u32(v uint32) []byte { return binary.BigEndian.AppendUint32(nil, v) }

// tagKey starts a key with a team's tag.
func tagKey(tag uint32, rest ...[]byte) []byte {
	k := u32(tag)
	for _, r := range rest {
		k = append(k, r...)
	}
	return k
}

// withLen prefixes a short part with its length, so that the key can go on
// after it and prefix scans stop at its end.
func withLen(s string) []byte { return append([]byte{byte(len(s))}, s...) }

// maxKeyPart is the longest user id or period a key can hold.
const maxKeyPart = 255

func checkPart(what, s string) error {
	if len(s) == 0 || len(s) > maxKeyPart {
		return fmt.Errorf("%s %q must be 1 to %d bytes", what, s, maxKeyPart)
	}
	return nil
}

// userKey is tag + user id: a team's users in one range.
func userKey(tag uint32, user string) []byte { return tagKey(tag, []byte(user)) }

// reviewPrefix is tag + len(user) + user: one user's review cards.
func reviewPrefix(tag uint32, user string) []byte { return tagKey(tag, withLen(user)) }

// reviewKey adds the question's number to reviewPrefix.
func reviewKey(tag uint32, user string, qnum uint32) []byte {
	return append(reviewPrefix(tag, user), u32(qnum)...)
}

// answerKey orders a post's answers by arrival: post id, sequence, as
// big-endian uint32s.
func answerKey(postID uint64, seq uint64) ([]byte, error) {
	if postID > 1<<32-1 || seq > 1<<32-1 {
		return nil, fmt.Errorf("answer key out of range: post %d, sequence %d", postID, seq)
	}
	return append(u32(uint32(postID)), u32(uint32(seq))...), nil
}

// pointsKey orders points from most to fewest.
func pointsKey(points int) []byte { return u32(^uint32(max(points, 0))) }

func pointsFromKey(k []byte) int { return int(^binary.BigEndian.Uint32(k[:4])) }

// rankKey orders a board: most points first, then who reached them first
// (Unix milliseconds in 6 bytes), then the user id.
func rankKey(points int, reached time.Time, user string) []byte {
	k := pointsKey(points)
	ms := uint64(max(reached.UnixMilli(), 0))
	k = append(k, byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms))
	return append(k, user...)
}

func parseRankKey(k []byte) (points int, reached time.Time, user string) {
	var ms uint64
	for _, b := range k[4:10] {
		ms = ms<<8 | uint64(b)
	}
	return pointsFromKey(k), time.UnixMilli(int64(ms)).UTC(), string(k[10:])
}
