package slack

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	slackapi "github.com/slack-go/slack"
)

// Sizes of the send queues.
const (
	// queueDepth is how many messages may wait for one channel.
	queueDepth = 256
	// queueIdle is how long a channel's worker waits for work before it
	// stops; the next message starts a new one.
	queueIdle = time.Minute
)

// errClosed is what a send gets once Close has begun.
var errClosed = errors.New("slack adapter closed")

// queues send the messages of each channel one at a time, at most one per
// sendInterval, as Slack asks: a small worker per channel, started on
// demand and stopped when idle.
type queues struct {
	a *Adapter

	mu        sync.Mutex
	byChannel map[string]*queue
	workers   sync.WaitGroup
}

type queue struct {
	jobs chan *job
	// pending counts the jobs handed to do and not yet taken by the
	// worker; guarded by queues.mu. An idle worker stops only at zero.
	pending int
}

type job struct {
	ctx  context.Context
	call func(context.Context) error
	done chan error
}

func newQueues(a *Adapter) *queues {
	return &queues{a: a, byChannel: map[string]*queue{}}
}

// do runs call in channel's queue and returns its error. It gives up when
// ctx ends (at the latest after sendTimeout) or the adapter closes, so a
// message that cannot be delivered is reported, never waited on forever.
func (qs *queues) do(ctx context.Context, channel string, call func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, sendTimeout)
	defer cancel()
	// Close cancels the sends in progress, their 429 waits included.
	defer context.AfterFunc(qs.a.ctx, cancel)()
	j := &job{ctx: ctx, call: call, done: make(chan error, 1)}

	qs.mu.Lock()
	if qs.a.ctx.Err() != nil {
		qs.mu.Unlock()
		return errClosed
	}
	q := qs.byChannel[channel]
	if q == nil {
		q = &queue{jobs: make(chan *job, queueDepth)}
		qs.byChannel[channel] = q
		qs.workers.Add(1)
		go qs.run(channel, q)
	}
	q.pending++
	qs.mu.Unlock()

	select {
	case q.jobs <- j:
	case <-ctx.Done():
		qs.mu.Lock()
		q.pending--
		qs.mu.Unlock()
		return fmt.Errorf("waiting for the send queue of %s: %w", channel, ctx.Err())
	}
	select {
	case err := <-j.done:
		return err
	case <-ctx.Done():
		return fmt.Errorf("sending to %s: %w", channel, ctx.Err())
	}
}

// run is the worker of one channel.
func (qs *queues) run(channel string, q *queue) {
	defer qs.workers.Done()
	var last time.Time
	idle := time.NewTimer(queueIdle)
	defer idle.Stop()
	for {
		select {
		case j := <-q.jobs:
			qs.mu.Lock()
			q.pending--
			qs.mu.Unlock()
			last = qs.runJob(j, last)
			idle.Reset(queueIdle)
		case <-idle.C:
			qs.mu.Lock()
			if q.pending == 0 {
				delete(qs.byChannel, channel)
				qs.mu.Unlock()
				return
			}
			qs.mu.Unlock()
			idle.Reset(queueIdle)
		case <-qs.a.ctx.Done():
			for {
				select {
				case j := <-q.jobs:
					j.done <- errClosed
				default:
					return
				}
			}
		}
	}
}

// runJob waits until sendInterval has passed since the channel's last
// message, then runs the job; it returns when the job's call ended.
func (qs *queues) runJob(j *job, last time.Time) time.Time {
	if wait := time.Until(last.Add(qs.a.sendInterval)); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-j.ctx.Done():
		case <-qs.a.ctx.Done():
		}
		t.Stop()
	}
	switch {
	case qs.a.ctx.Err() != nil:
		j.done <- errClosed
		return last
	case j.ctx.Err() != nil:
		j.done <- j.ctx.Err()
		return last
	}
	j.done <- qs.a.retry(j.ctx, j.call)
	return time.Now()
}

// wait blocks until every worker stopped; Close calls it after cancelling
// the adapter's context.
func (qs *queues) wait() { qs.workers.Wait() }

// retry runs one Web API call, each attempt bounded by callTimeout, and
// when Slack answers 429 waits its Retry-After and tries again, as long as
// ctx leaves time for it.
func (a *Adapter) retry(ctx context.Context, call func(context.Context) error) error {
	for {
		actx, cancel := context.WithTimeout(ctx, callTimeout)
		err := call(actx)
		cancel()
		var rl *slackapi.RateLimitedError
		if !errors.As(err, &rl) {
			return err
		}
		a.metrics.RateLimited()
		wait := max(rl.RetryAfter, time.Second)
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return fmt.Errorf("rate limited by Slack for %s, longer than the time left: %w", wait, err)
		}
		a.log.Warn("slack rate limit; waiting", "retry_after", wait)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("waiting out a rate limit: %w", ctx.Err())
		}
	}
}
