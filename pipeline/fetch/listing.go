package fetch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/dealwire/dealwire/pipeline"
	"github.com/dealwire/dealwire/pipeline/source"
)

// Listed is what a feed or a sitemap gave.
type Listed struct {
	Kind    string
	Entries int // listed (pages, or sitemaps of an index)
	// Next is how many inputs it led to: new entries, sitemaps, and
	// entries rejected with a reason.
	Next int
}

// maxDepth bounds chains of sitemap indexes.
const maxDepth = 3

// listing reads a fetched listing into more inputs.
func (s *Stage) listing(ctx context.Context, in Input, res *Resource, start time.Time) (Outcome, []Input) {
	l, err := source.Parse(res.FinalURL, res.Body)
	if err != nil {
		return s.failed(ctx, in, nil, err, start), nil
	}
	more := s.expand(ctx, in, res.FinalURL, l)
	listed := &Listed{Kind: l.Kind, Entries: len(l.Entries) + len(l.Sitemaps), Next: len(more)}
	s.log().Info("listing read", "source", in.Source, "kind", l.Kind, "entries", listed.Entries, "next", listed.Next)
	return Outcome{Source: in.Source, Via: last(in.Via), Listed: listed, At: start}, more
}

// expand turns a listing into inputs: the entries not fetched before, the
// sitemaps of an index, and the rejected links with their reasons.
func (s *Stage) expand(ctx context.Context, in Input, final string, l *source.Listing) []Input {
	chain := append(slices.Clip(in.Via), in.Source)
	var more []Input
	for _, r := range l.Rejected {
		more = append(more, Input{Source: r.Link, Via: chain, Origin: pipeline.Origin{Feed: in.Source}, Reject: r.Reason})
	}
	for _, sm := range l.Sitemaps {
		child := Input{Source: sm, Via: chain}
		switch {
		case sm == final || slices.Contains(chain, sm):
			child.Reject = fmt.Sprintf("sitemap index %s lists %s, which leads back to itself (a loop)", in.Source, sm)
			child.Origin.Feed = in.Source
		case len(chain) >= maxDepth:
			child.Reject = fmt.Sprintf("sitemap indexes nested more than %d deep", maxDepth)
			child.Origin.Feed = in.Source
		}
		more = append(more, child)
	}
	for _, e := range l.Entries {
		// Reserve first, then look: a fetch of the same link marks it
		// fetched before it releases it, so the two cannot both miss.
		if !s.take(e.URL) {
			continue
		}
		if s.fetchedBefore(ctx, e.URL) {
			s.release(e.URL)
			continue
		}
		o := pipeline.Origin{Feed: in.Source, Title: e.Title}
		if !e.Published.IsZero() {
			o.Published = e.Published.UTC().Format(time.DateOnly)
		}
		more = append(more, Input{Source: e.URL, Origin: o, Via: chain})
	}
	return more
}

// take reserves a listed link for one fetch: it reports false when the
// link is already on its way (listed twice, or by two polls).
func (s *Stage) take(link string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.taken == nil {
		s.taken = map[string]bool{}
	}
	if s.taken[link] {
		return false
	}
	s.taken[link] = true
	return true
}

// release ends a link's reservation, once its outcome is recorded.
func (s *Stage) release(link string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.taken, link)
}

// entryKey is the seen-set key of a listed link.
func entryKey(link string) string {
	h := sha256.Sum256([]byte(link))
	return "entry." + hex.EncodeToString(h[:16])
}

// fetchedBefore reports whether a listed link was fetched (or rejected)
// before.
func (s *Stage) fetchedBefore(ctx context.Context, link string) bool {
	if s.Seen == nil {
		return false
	}
	ok, err := s.Seen.Has(ctx, entryKey(link))
	if err != nil && ctx.Err() == nil {
		s.log().Warn("cannot check whether an entry was fetched before", "link", link, "err", err)
	}
	return ok
}

// markEntry records that a listed link has its outcome, so that later
// polls leave it out.
func (s *Stage) markEntry(ctx context.Context, in Input) {
	if s.Seen == nil || in.Origin.Feed == "" {
		return
	}
	if err := s.Seen.Add(ctx, entryKey(in.Source)); err != nil {
		s.log().Warn("cannot record an entry as fetched", "link", in.Source, "err", err)
	}
}
