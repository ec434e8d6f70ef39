package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// SeenBucket is the KV bucket that remembers every raw article published,
// by article id, so that a page submitted again after the streams'
// duplicate window is still recognised as one already ingested.
const SeenBucket = "DEALWIRE_SEEN"

// DefaultSeenMaxAge is how long a new bucket remembers an article.
const DefaultSeenMaxAge = 90 * 24 * time.Hour

// Seen is the set of article ids already published.
type Seen struct{ kv jetstream.KeyValue }

// OpenSeen binds to the bucket EnsureStreams created.
func OpenSeen(ctx context.Context, js jetstream.JetStream) (*Seen, error) {
	kv, err := js.KeyValue(ctx, SeenBucket)
	if err != nil {
		return nil, fmt.Errorf("bucket %s: %w", SeenBucket, err)
	}
	return &Seen{kv: kv}, nil
}

// Has reports whether the article was published before.
func (s *Seen) Has(ctx context.Context, articleID string) (bool, error) {
	_, err := s.kv.Get(ctx, articleID)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, jetstream.ErrKeyNotFound):
		return false, nil
	}
	return false, fmt.Errorf("seen %s: %w", articleID, err)
}

// Add records that the article was published.
func (s *Seen) Add(ctx context.Context, articleID string) error {
	if _, err := s.kv.Put(ctx, articleID, []byte(time.Now().UTC().Format(time.RFC3339))); err != nil {
		return fmt.Errorf("mark %s seen: %w", articleID, err)
	}
	return nil
}

// ensureSeen creates the bucket when it is missing and applies the
// replicas o sets to an existing one.
func ensureSeen(ctx context.Context, js jetstream.JetStream, o StreamOptions) error {
	cfg := jetstream.KeyValueConfig{
		Bucket:      SeenBucket,
		Description: "article ids already published, for duplicates older than the streams' window",
		History:     1,
		TTL:         o.SeenMaxAge,
		Storage:     jetstream.FileStorage,
		Replicas:    max(o.Replicas, 1),
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultSeenMaxAge
	}
	kv, err := js.KeyValue(ctx, SeenBucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		if _, err := js.CreateKeyValue(ctx, cfg); err != nil && !errors.Is(err, jetstream.ErrBucketExists) {
			return fmt.Errorf("create bucket %s: %w", SeenBucket, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("bucket %s: %w", SeenBucket, err)
	}
	if o.Replicas <= 0 && o.SeenMaxAge <= 0 {
		return nil
	}
	st, err := kv.Status(ctx)
	if err != nil {
		return fmt.Errorf("bucket %s: %w", SeenBucket, err)
	}
	bs, ok := st.(*jetstream.KeyValueBucketStatus)
	if !ok {
		return nil
	}
	have := bs.Config()
	if (o.Replicas <= 0 || have.Replicas == o.Replicas) && (o.SeenMaxAge <= 0 || have.TTL == o.SeenMaxAge) {
		return nil
	}
	if o.Replicas <= 0 {
		cfg.Replicas = have.Replicas
	}
	if o.SeenMaxAge <= 0 {
		cfg.TTL = have.TTL
	}
	if _, err := js.UpdateKeyValue(ctx, cfg); err != nil {
		return fmt.Errorf("update bucket %s: %w", SeenBucket, err)
	}
	return nil
}
