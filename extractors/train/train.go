// Package train fits dealwire's deal decisions to an annotated corpus and
// measures them by cross-validation. It reads pages and gold files that
// its caller loaded; the models it returns are what extractors embeds.
package train

import (
	"context"
	"fmt"
	"slices"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/learn"
	"github.com/dealwire/dealwire/extractors/score"
)

// Example is one annotated article.
type Example struct {
	Name string
	Page extractors.Page
	Gold *score.Gold
}

// Options set the training run. Zero values take the defaults.
type Options struct {
	Epochs int    // passes over the data; default 10
	Seed   uint64 // shuffling seed of the first run; default 1
	// Runs is how many shuffled orders are trained, each with the next
	// seed, and their weights averaged; default 5.
	Runs int
	// Prior is the starting weight of the rules' own answer; default 1.
	Prior float32
}

// rulePriors start each class's weight on the feature that names the
// rules' answer, so that the model keeps it unless the data says
// otherwise.
func rulePriors(template string, labels []string, w float32) []learn.Prior {
	ps := make([]learn.Prior, len(labels))
	for i, l := range labels {
		ps[i] = learn.Prior{Feature: learn.Hash(template, l), Class: i, Weight: w}
	}
	return ps
}

func (o Options) withDefaults() Options {
	if o.Epochs == 0 {
		o.Epochs = 10
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Prior == 0 {
		o.Prior = 1
	}
	if o.Runs == 0 {
		o.Runs = 5
	}
	return o
}

// fit trains one decision: o.Runs averaged perceptrons, each over the
// examples in the order of its own seed, averaged into one model.
func (o Options) fit(name string, labels []string, exs []learn.Example, priors ...learn.Prior) *learn.Model {
	ms := make([]*learn.Model, o.Runs)
	for r := range ms {
		ms[r] = learn.Train(name, labels, exs, o.Epochs, o.Seed+uint64(r), priors...)
	}
	return learn.Average(name, ms...)
}

// sets are the training instances of the three decisions.
type sets struct {
	keep, typ, status, name []instance
}

// instance is one training example and the class the rules gave it.
type instance struct {
	learn.Example
	rule int
}

func examples(is []instance) []learn.Example {
	out := make([]learn.Example, len(is))
	for i, in := range is {
		out[i] = in.Example
	}
	return out
}

// Train fits the three deal models on exs. The same examples and options
// always give the same models.
func Train(ctx context.Context, exs []Example, o Options) (*extractors.Models, error) {
	o = o.withDefaults()
	s, err := instances(ctx, exs)
	if err != nil {
		return nil, err
	}
	return &extractors.Models{
		Keep:   o.fit(extractors.ModelDealKeep, extractors.KeepLabels, examples(s.keep)),
		Type:   o.fit(extractors.ModelDealType, extractors.DealTypes, examples(s.typ), rulePriors("type", extractors.DealTypes, o.Prior)...),
		Status: o.fit(extractors.ModelDealStatus, extractors.DealStatuses, examples(s.status), rulePriors("status", extractors.DealStatuses, o.Prior)...),
		Name:   o.fit(extractors.ModelNameKind, extractors.NameLabels, examples(s.name), rulePriors("rule", extractors.NameLabels, o.Prior)...),
	}, nil
}

// instances extracts the rules' candidates of every example and labels
// them from its gold file: a candidate naming the parties of a required
// deal is kept, with that deal's type and status; one naming only an
// allowed deal's parties teaches nothing; any other is dropped.
func instances(ctx context.Context, exs []Example) (sets, error) {
	var s sets
	x := extractors.NewWithModels(nil)
	for _, ex := range exs {
		_, cands, err := x.Candidates(ctx, ex.Page, extractors.Options{})
		if err != nil {
			return s, fmt.Errorf("%s: %w", ex.Name, err)
		}
		s.name = append(s.name, nameInstances(cands.Names, ex.Gold)...)
		for _, c := range cands.Deals {
			gd, ok := match(c.Deal, ex.Gold.Deals.Required)
			if !ok {
				if _, allowed := match(c.Deal, ex.Gold.Deals.Allowed); !allowed {
					s.keep = append(s.keep, instance{learn.Example{Features: c.Features, Class: 0}, 1})
				}
				continue
			}
			s.keep = append(s.keep, instance{learn.Example{Features: c.Features, Class: 1}, 1})
			if c.Deal.Type != extractors.Talent && gd.Type != extractors.Talent {
				s.typ = append(s.typ, instance{learn.Example{Features: c.Features, Class: slices.Index(extractors.DealTypes, gd.Type)}, slices.Index(extractors.DealTypes, c.Deal.Type)})
			}
			if i := slices.Index(extractors.DealStatuses, gd.Status); i >= 0 {
				s.status = append(s.status, instance{learn.Example{Features: c.Features, Class: i}, slices.Index(extractors.DealStatuses, c.Deal.Status)})
			}
		}
	}
	return s, nil
}

// match finds the gold deal whose parties the candidate names, preferring
// one of the same type.
func match(d extractors.Deal, gold []score.GoldDeal) (score.GoldDeal, bool) {
	var found *score.GoldDeal
	for i, gd := range gold {
		if !score.SameParties(d, gd) || slices.Index(extractors.DealTypes, gd.Type) < 0 {
			continue
		}
		if gd.Type == d.Type {
			return gd, true
		}
		if found == nil {
			found = &gold[i]
		}
	}
	if found == nil {
		return score.GoldDeal{}, false
	}
	return *found, true
}

// CrossValidate trains on k-1 folds and scores the held-out fold, k times
// (article i falls in fold i mod k), and returns the scores of every
// held-out article together: with the models, and with the rules alone.
func CrossValidate(ctx context.Context, exs []Example, k int, o Options) (models, rules *score.Table, err error) {
	if k < 2 || k > len(exs) {
		return nil, nil, fmt.Errorf("cannot make %d folds of %d articles", k, len(exs))
	}
	models, rules = score.NewTable(false), score.NewTable(false)
	base := extractors.NewWithModels(nil)
	for fold := range k {
		in, out := split(exs, k, fold)
		m, err := Train(ctx, in, o)
		if err != nil {
			return nil, nil, err
		}
		x := extractors.NewWithModels(m)
		for _, ex := range out {
			if err := addScore(ctx, models, x, ex); err != nil {
				return nil, nil, err
			}
			if err := addScore(ctx, rules, base, ex); err != nil {
				return nil, nil, err
			}
		}
	}
	return models, rules, nil
}

func addScore(ctx context.Context, t *score.Table, x *extractors.Extractor, ex Example) error {
	res, err := x.Extract(ctx, ex.Page, extractors.Options{})
	if err != nil {
		return fmt.Errorf("%s: %w", ex.Name, err)
	}
	t.Add(ex.Name, res, ex.Gold)
	return nil
}

// split parts the examples into those trained on and the held-out fold:
// article i falls in fold i mod k.
func split(exs []Example, k, fold int) (in, out []Example) {
	for i, ex := range exs {
		if i%k == fold {
			out = append(out, ex)
		} else {
			in = append(in, ex)
		}
	}
	return in, out
}
