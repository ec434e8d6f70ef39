package train

import (
	"context"
	"fmt"
	"io"

	"github.com/dealwire/dealwire/extractors"
	"github.com/dealwire/dealwire/extractors/learn"
)

// Accuracy counts one decision's right answers on held-out instances: the
// model's, the rules' own, and the model's where it must beat the rules'
// answer by a margin (the margins decide.go applies are chosen from these).
type Accuracy struct {
	N, Model, Rules int
	ByThreshold     [len(thresholds)]int
}

var thresholds = [...]float32{0.5, 1, 2, 3, 5, 8}

// DecisionScores cross-validates each decision on its own: the keep,
// type, status and name models against the rules' answers (the rules keep
// every candidate, and give their own type, status and name kind).
func DecisionScores(ctx context.Context, exs []Example, k int, o Options) (map[string]*Accuracy, error) {
	o = o.withDefaults()
	acc := map[string]*Accuracy{"keep": {}, "type": {}, "status": {}, "name": {}}
	for fold := range k {
		in, out := split(exs, k, fold)
		tr, err := instances(ctx, in)
		if err != nil {
			return nil, err
		}
		te, err := instances(ctx, out)
		if err != nil {
			return nil, err
		}
		tally(acc["keep"], o.fit("keep", extractors.KeepLabels, examples(tr.keep)), te.keep)
		tally(acc["type"], o.fit("type", extractors.DealTypes, examples(tr.typ), rulePriors("type", extractors.DealTypes, o.Prior)...), te.typ)
		tally(acc["status"], o.fit("status", extractors.DealStatuses, examples(tr.status), rulePriors("status", extractors.DealStatuses, o.Prior)...), te.status)
		tally(acc["name"], o.fit("name", extractors.NameLabels, examples(tr.name), rulePriors("rule", extractors.NameLabels, o.Prior)...), te.name)
	}
	return acc, nil
}

// tally scores m, and the rules, on the held-out instances.
func tally(a *Accuracy, m *learn.Model, test []instance) {
	for _, e := range test {
		a.N++
		if c, _ := m.Predict(e.Features); c == e.Class {
			a.Model++
		}
		if e.rule == e.Class {
			a.Rules++
		}
		sc := m.Scores(e.Features)
		best, _ := m.Predict(e.Features)
		for ti, th := range thresholds {
			pick := e.rule
			if e.rule < 0 || e.rule >= len(sc) || sc[best]-sc[e.rule] > th {
				pick = best
			}
			if pick == e.Class {
				a.ByThreshold[ti]++
			}
		}
	}
}

// WriteDecisions prints the accuracy of each decision.
func WriteDecisions(w io.Writer, acc map[string]*Accuracy) {
	fmt.Fprintf(w, "%-8s %6s %7s %7s   model where it beats the rules by more than a margin of:", "decision", "n", "model", "rules")
	for _, th := range thresholds {
		fmt.Fprintf(w, " %5g", th)
	}
	fmt.Fprintln(w)
	for _, name := range []string{"keep", "type", "status", "name"} {
		a := acc[name]
		n := float64(max(a.N, 1))
		fmt.Fprintf(w, "%-8s %6d %7.3f %7.3f", name, a.N, float64(a.Model)/n, float64(a.Rules)/n)
		for i := range thresholds {
			fmt.Fprintf(w, " %5.3f", float64(a.ByThreshold[i])/n)
		}
		fmt.Fprintln(w)
	}
}
