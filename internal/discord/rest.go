package discord

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"
)

// minRetryWait keeps a 429 without a usable retry_after from becoming a
// busy loop.
const minRetryWait = 50 * time.Millisecond

// Discord allows a bot 50 requests per second across all routes, and says
// so only with a 429. The adapter paces its own calls to stay under it:
// 44 a second, one at a time, so no one-second window holds more than 45,
// which leaves room for requests that bunch up on the way (a burst of 5,
// then of 2, each drew a 429 or two in 1,000 posts).
// Interaction responses are exempt from the global limit, as on Discord.
const (
	globalRate  = 44
	globalBurst = 1
)

func newGlobalLimiter() *rate.Limiter { return rate.NewLimiter(globalRate, globalBurst) }

// call runs one REST request under a deadline: the adapter's timeout, or
// ctx's when that is sooner. A 429 is counted and waited out (its
// retry_after) while the deadline allows; the deadline also bounds the
// waits discordgo does on its own (a bucket out of requests), which take no
// context: the request is then left to finish in the background and call
// returns. Errors name op and never carry a URL (interaction URLs hold the
// interaction's token).
func call[T any](ctx context.Context, a *Adapter, op string, req func(...discordgo.RequestOption) (T, error)) (T, error) {
	return rest(ctx, a, op, a.global, req)
}

// rest is call with the limiter that paces the request: the global one, or
// nil for interaction responses.
//
// The wait for the global limiter comes first and counts against the
// caller's context only: a fan-out to many servers queues its calls, and
// each call gets its full deadline once its turn comes.
func rest[T any](ctx context.Context, a *Adapter, op string, pace *rate.Limiter, req func(...discordgo.RequestOption) (T, error)) (T, error) {
	if pace != nil {
		if err := pace.Wait(ctx); err != nil {
			var zero T
			return zero, fmt.Errorf("discord %s: waiting for the global rate limit: %w", op, err)
		}
	}
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	for {
		v, err := attempt(ctx, req)
		var rl *discordgo.RateLimitError
		if !errors.As(err, &rl) {
			if err != nil {
				return v, fmt.Errorf("discord %s: %w", op, cleanURLError(err))
			}
			return v, nil
		}
		a.metrics.RateLimited()
		wait := minRetryWait
		if rl.RateLimit != nil && rl.TooManyRequests != nil && rl.RetryAfter > wait {
			wait = rl.RetryAfter
		}
		a.log.Warn("discord rate limited", "op", op, "retry_after", wait)
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			var zero T
			return zero, fmt.Errorf("discord %s: rate limited (retry after %v): %w", op, wait, ctx.Err())
		}
	}
}

// do is call for requests whose answer is not needed.
func (a *Adapter) do(ctx context.Context, op string, req func(...discordgo.RequestOption) error) error {
	return a.doPaced(ctx, op, a.global, req)
}

// respond is do for interaction responses, which the global rate limit
// does not cover.
func (a *Adapter) respond(ctx context.Context, op string, req func(...discordgo.RequestOption) error) error {
	return a.doPaced(ctx, op, nil, req)
}

func (a *Adapter) doPaced(ctx context.Context, op string, pace *rate.Limiter, req func(...discordgo.RequestOption) error) error {
	_, err := rest(ctx, a, op, pace, func(opts ...discordgo.RequestOption) (struct{}, error) {
		return struct{}{}, req(opts...)
	})
	return err
}

func attempt[T any](ctx context.Context, req func(...discordgo.RequestOption) (T, error)) (T, error) {
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := req(discordgo.WithContext(ctx))
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// restCode returns the Discord error code of a failed REST call, 0 when
// there is none.
func restCode(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Message != nil {
		return re.Message.Code
	}
	return 0
}

// restStatus returns the HTTP status of a failed REST call, 0 when it got
// no answer.
func restStatus(err error) int {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		return re.Response.StatusCode
	}
	return 0
}

// permanent reports whether err is a 4xx answer that a retry would get
// again.
func permanent(err error) bool {
	s := restStatus(err)
	return s >= 400 && s < 500 && s != http.StatusTooManyRequests
}
