package boltstore

import (
	"bytes"
	"context"
	"encoding/binary"
	"time"

	bolt "go.etcd.io/bbolt"
)

// A post's lease record: when the current right to send its message ends
// and who holds it, and when its last live-count edit started (Unix ms).
type postLease struct {
	sendUntil, lastEdit int64
	holder              string
}

func getLease(tx *bolt.Tx, postID uint64) postLease {
	v := tx.Bucket(bucketPostLeases).Get(u64(postID))
	if len(v) < 16 {
		return postLease{}
	}
	return postLease{int64(binary.BigEndian.Uint64(v)), int64(binary.BigEndian.Uint64(v[8:])), string(v[16:])}
}

func putLease(tx *bolt.Tx, postID uint64, l postLease) error {
	v := binary.BigEndian.AppendUint64(u64(uint64(l.sendUntil)), uint64(l.lastEdit))
	return tx.Bucket(bucketPostLeases).Put(u64(postID), append(v, l.holder...))
}

// LeaseSend grants the right to send a post's message when it has none and
// no unexpired lease of another holder.
func (s *Store) LeaseSend(ctx context.Context, postID uint64, holder string, at time.Time, ttl time.Duration) (bool, error) {
	granted := false
	err := s.update(ctx, func(tx *bolt.Tx) error {
		p, err := getPostRecord(tx, postID)
		if err != nil || p.Sent() {
			return err
		}
		l := getLease(tx, postID)
		if l.sendUntil > at.UnixMilli() && l.holder != holder {
			return nil
		}
		l.sendUntil, l.holder = at.Add(ttl).UnixMilli(), holder
		granted = true
		return putLease(tx, postID, l)
	})
	return granted, err
}

// ClaimLiveEdit grants the next live-count edit of a post when the last
// one started at least interval before at.
func (s *Store) ClaimLiveEdit(ctx context.Context, postID uint64, at time.Time, interval time.Duration) (bool, error) {
	granted := false
	err := s.update(ctx, func(tx *bolt.Tx) error {
		l := getLease(tx, postID)
		if l.lastEdit != 0 && at.Sub(time.UnixMilli(l.lastEdit)) < interval {
			return nil
		}
		l.lastEdit = at.UnixMilli()
		granted = true
		return putLease(tx, postID, l)
	})
	return granted, err
}

// eventWindow is how long an event id is remembered.
const eventWindow = time.Hour

// Event keys: 'i' + id → first seen (Unix ms); 't' + first seen + id →
// (empty), in time order for pruning.
func eventIDKey(id string) []byte { return append([]byte{'i'}, id...) }

func eventTimeKey(ms int64, id string) []byte {
	return append(append([]byte{'t'}, u64(uint64(ms))...), id...)
}

// SeenEvent records an event id and reports whether it is new. Ids older
// than eventWindow are pruned, oldest first, as new ones arrive.
func (s *Store) SeenEvent(ctx context.Context, id string, at time.Time) (bool, error) {
	fresh := false
	err := s.batch(ctx, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEvents)
		if v := b.Get(eventIDKey(id)); len(v) == 8 && at.Sub(time.UnixMilli(int64(binary.BigEndian.Uint64(v)))) < eventWindow {
			fresh = false
			return nil
		}
		fresh = true
		ms := at.UnixMilli()
		if err := b.Put(eventIDKey(id), u64(uint64(ms))); err != nil {
			return err
		}
		if err := b.Put(eventTimeKey(ms, id), nil); err != nil {
			return err
		}
		return pruneEvents(b, at)
	})
	return fresh, err
}

// pruneEvents deletes up to 64 of the oldest ids once they expire.
func pruneEvents(b *bolt.Bucket, at time.Time) error {
	cutoff := uint64(at.Add(-eventWindow).UnixMilli())
	var old [][]byte
	c := b.Cursor()
	for k, _ := c.Seek([]byte{'t'}); k != nil && k[0] == 't' && len(old) < 64; k, _ = c.Next() {
		if len(k) < 9 || binary.BigEndian.Uint64(k[1:9]) >= cutoff {
			break
		}
		old = append(old, bytes.Clone(k))
	}
	for _, k := range old {
		id := string(k[9:])
		// An id seen again after it expired has a newer time key; keep
		// its id key.
		if v := b.Get(eventIDKey(id)); len(v) == 8 && bytes.Equal(v, k[1:9]) {
			if err := b.Delete(eventIDKey(id)); err != nil {
				return err
			}
		}
		if err := b.Delete(k); err != nil {
			return err
		}
	}
	return nil
}
