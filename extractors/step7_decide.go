package extractors

import "context"

// dealDecider keeps the candidates that are deals and settles their type
// and status, with the trained models or, when nil, by the rules alone.
type dealDecider struct{ models *Models }

func (dealDecider) name() string { return "deal decisions" }

func (c dealDecider) process(_ context.Context, d *doc) error {
	d.deals = c.models.decide(d, d.cands, d.figures, d.dates)
	return nil
}
