package source

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"sort"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Bucket is the KV bucket of followed sources, one key per source.
const Bucket = "DEALWIRE_SOURCES"

// DefaultEvery is how often a source is polled by default.
const DefaultEvery = 15 * time.Minute

// Record is a followed source and its polling state.
type Record struct {
	URL   string        `json:"url"`
	Every time.Duration `json:"every"`
	Added time.Time     `json:"added"`
	// Next is when the source is due; a poller that takes it moves Next
	// past its poll, so that other processes leave it alone.
	Next        time.Time `json:"next"`
	LastPoll    time.Time `json:"last_poll,omitzero"`
	LastSuccess time.Time `json:"last_success,omitzero"`
	LastError   string    `json:"last_error,omitempty"`
	LastErrorAt time.Time `json:"last_error_at,omitzero"`
	// Failures counts the polls failed in a row (the backoff).
	Failures int `json:"failures,omitempty"`
	// Entries is how many entries the last listing had, New how many of
	// them were new.
	Entries      int    `json:"entries"`
	New          int    `json:"new"`
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`
}

// Registry is the set of followed sources.
type Registry struct{ kv jetstream.KeyValue }

// Open binds to the bucket, creating it when missing.
func Open(ctx context.Context, js jetstream.JetStream) (*Registry, error) {
	kv, err := js.KeyValue(ctx, Bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{
			Bucket:      Bucket,
			Description: "the feeds and sitemaps dealwire follows, with their polling state",
			History:     1,
			Storage:     jetstream.FileStorage,
		})
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = js.KeyValue(ctx, Bucket)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("bucket %s: %w", Bucket, err)
	}
	return &Registry{kv: kv}, nil
}

// key is a source's key: a hash of its URL.
func key(u string) string {
	h := sha256.Sum256([]byte(u))
	return hex.EncodeToString(h[:16])
}

// CheckURL refuses what cannot be followed: anything but an absolute http
// or https URL.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("bad source URL %q: %v", raw, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return fmt.Errorf("bad source URL %q: want an http or https URL", raw)
	}
	return nil
}

// Add follows a source, polled every every (DefaultEvery when zero),
// first at first (at once when zero). A source followed already keeps its
// state and takes the new interval. It reports whether the source is new.
func (r *Registry) Add(ctx context.Context, u string, every time.Duration, first time.Time) (bool, error) {
	if err := CheckURL(u); err != nil {
		return false, err
	}
	if every <= 0 {
		every = DefaultEvery
	}
	for range 5 {
		rec, rev, err := r.get(ctx, u)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
			now := time.Now().UTC()
			if first.IsZero() {
				first = now
			}
			data, _ := json.Marshal(Record{URL: u, Every: every, Added: now, Next: first})
			if _, err := r.kv.Create(ctx, key(u), data); err == nil {
				return true, nil
			} else if !errors.Is(err, jetstream.ErrKeyExists) {
				return false, fmt.Errorf("add source %s: %w", u, err)
			}
		case err != nil:
			return false, err
		default:
			rec.Every = every
			if err := r.update(ctx, rec, rev); err == nil {
				return false, nil
			}
		}
	}
	return false, fmt.Errorf("add source %s: it keeps changing", u)
}

// ErrNotFollowed is a source that is not followed.
var ErrNotFollowed = errors.New("not a followed source")

// Remove stops following a source.
func (r *Registry) Remove(ctx context.Context, u string) error {
	if _, _, err := r.get(ctx, u); err != nil {
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			return fmt.Errorf("%s: %w", u, ErrNotFollowed)
		}
		return err
	}
	if err := r.kv.Purge(ctx, key(u)); err != nil {
		return fmt.Errorf("remove source %s: %w", u, err)
	}
	return nil
}

// List returns the followed sources, by URL.
func (r *Registry) List(ctx context.Context) ([]Record, error) {
	keys, err := r.kv.ListKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("list sources: %w", err)
	}
	var out []Record
	for k := range keys.Keys() {
		e, err := r.kv.Get(ctx, k)
		if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("read source %s: %w", k, err)
		}
		var rec Record
		if json.Unmarshal(e.Value(), &rec) == nil && rec.URL != "" {
			out = append(out, rec)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].URL < out[j].URL })
	return out, nil
}

// Claim takes the sources due at now for one poll: each one's Next moves
// lease ahead, so that other pollers skip it while this one polls.
func (r *Registry) Claim(ctx context.Context, now time.Time, lease time.Duration) ([]Record, error) {
	all, err := r.List(ctx)
	if err != nil {
		return nil, err
	}
	var due []Record
	for _, rec := range all {
		if rec.Next.After(now) {
			continue
		}
		_, rev, err := r.get(ctx, rec.URL)
		if err != nil {
			continue // removed meanwhile
		}
		rec.Next = now.Add(lease)
		if r.update(ctx, rec, rev) == nil {
			due = append(due, rec)
		}
	}
	return due, nil
}

// Report records the outcome of a poll of rec (rec with its status
// fields set), and schedules the next one: after Every, or after a
// backoff that doubles with each failure in a row (up to a day). A
// source removed meanwhile stays removed.
func (r *Registry) Report(ctx context.Context, rec Record) error {
	rec.Next = rec.LastPoll.Add(backoff(rec.Every, rec.Failures))
	for range 5 {
		cur, rev, err := r.get(ctx, rec.URL)
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		rec.Every, rec.Added = cur.Every, cur.Added // set by 'sources add' meanwhile
		if err := r.update(ctx, rec, rev); err == nil {
			return nil
		}
	}
	return fmt.Errorf("report source %s: it keeps changing", rec.URL)
}

// backoff is the wait before the next poll after failures failed polls
// in a row.
func backoff(every time.Duration, failures int) time.Duration {
	d := every
	for i := 0; i < failures && d < 24*time.Hour; i++ {
		d *= 2
	}
	return min(d, max(every, 24*time.Hour))
}

func (r *Registry) get(ctx context.Context, u string) (Record, uint64, error) {
	e, err := r.kv.Get(ctx, key(u))
	if errors.Is(err, jetstream.ErrKeyDeleted) {
		err = jetstream.ErrKeyNotFound
	}
	if err != nil {
		if errors.Is(err, jetstream.ErrKeyNotFound) {
			return Record{}, 0, err
		}
		return Record{}, 0, fmt.Errorf("read source %s: %w", u, err)
	}
	var rec Record
	if err := json.Unmarshal(e.Value(), &rec); err != nil {
		return Record{}, 0, fmt.Errorf("read source %s: %w", u, err)
	}
	return rec, e.Revision(), nil
}

func (r *Registry) update(ctx context.Context, rec Record, rev uint64) error {
	data, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = r.kv.Update(ctx, key(rec.URL), data, rev)
	return err
}
