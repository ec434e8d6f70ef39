package extractors

import "context"

// nameRefinder finds the names again when titles were added after them:
// the names inside a title of work are not companies or people.
type nameRefinder struct{}

func (nameRefinder) name() string { return "names again" }

func (nameRefinder) process(ctx context.Context, d *doc) error {
	if len(d.titles) == d.namedTitles {
		return nil
	}
	return nameFinder{}.process(ctx, d)
}
