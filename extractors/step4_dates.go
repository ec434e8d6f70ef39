package extractors

import "context"

// dateFinder reads the dates the text gives, resolved against the
// publication date.
type dateFinder struct{}

func (dateFinder) name() string { return "dates" }

func (dateFinder) process(_ context.Context, d *doc) error {
	d.dates = findDates(d)
	return nil
}
