package extractors

import "context"

// figureFinder reads the figures: subscriber counts, money and episode
// counts, with what and whom each one is about.
type figureFinder struct{}

func (figureFinder) name() string { return "figures" }

func (figureFinder) process(_ context.Context, d *doc) error {
	d.figures = findFigures(d, d.names, d.dates, d.groups)
	return nil
}
