package extractors

import "context"

// assembler builds the article result from the doc's layers.
type assembler struct{}

func (assembler) name() string { return "result" }

func (assembler) process(_ context.Context, d *doc) error {
	res := &Result{
		Companies: make([]Company, 0, len(d.groups)),
		Titles:    titlesOut(d, d.titles),
		People:    d.names.people(),
		Dates:     datesOut(d.dates),
		Figures:   d.figures,
		Deals:     d.deals,
	}
	for _, g := range d.groups {
		c := Company{Name: g.name}
		for _, f := range g.forms {
			c.Mentions = appendNew(c.Mentions, f.text)
		}
		res.Companies = append(res.Companies, c)
	}
	if res.Titles == nil {
		res.Titles = []Title{}
	}
	if res.People == nil {
		res.People = []Person{}
	}
	if res.Figures == nil {
		res.Figures = []Figure{}
	}
	d.result = res
	return nil
}

// datesOut keeps one date per value, in text order.
func datesOut(ds []dateMention) []Date {
	out := make([]Date, 0, len(ds))
	seen := map[string]bool{}
	for _, d := range ds {
		if seen[d.value] {
			continue
		}
		seen[d.value] = true
		out = append(out, Date{Text: d.text, Value: d.value})
	}
	return out
}
