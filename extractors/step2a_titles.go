package extractors

import "context"

// titleFinder marks the titles of works the text quotes, emphasises or
// names after a cue ("la série ...").
type titleFinder struct{}

func (titleFinder) name() string { return "titles" }

func (titleFinder) process(_ context.Context, d *doc) error {
	d.titles = findTitles(d)
	return nil
}
