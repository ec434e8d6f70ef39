package extractors

import "context"

// nameFinder finds the capitalised names outside the titles of works and
// decides what each one is: a company, a person, a place or a thing.
type nameFinder struct{}

func (nameFinder) name() string { return "names" }

func (nameFinder) process(_ context.Context, d *doc) error {
	d.names = findNames(d, titleSpans(d, d.titles))
	d.namedTitles = len(d.titles)
	return nil
}
