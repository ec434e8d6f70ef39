package extractors

import (
	"context"
	"slices"
	"strings"
	"unicode"

	"github.com/dealwire/dealwire/extractors/kb"
	"github.com/dealwire/dealwire/extractors/learn"
)

// nameTyper settles what each name is (a company, a person or something
// else) with the trained name model, where the model is sure enough to
// overrule the rules' evidence; it also records every name's features,
// which training reads.
type nameTyper struct{ model *learn.Model }

func (nameTyper) name() string { return "name types" }

func (t nameTyper) process(_ context.Context, d *doc) error {
	ns := d.names
	d.nameCands = d.nameCands[:0]
	for _, n := range ns.order {
		if len(n.mentions) == 0 {
			continue
		}
		f := nameFeatures(ns, n)
		rule := nameLabel(n.kind)
		d.nameCands = append(d.nameCands, NameCandidate{Text: n.text, Rule: rule, Features: f})
		if t.model == nil {
			continue
		}
		if n.kind == kindOrg && n.gaz != "" && !n.ambiguous {
			continue // a company the knowledge base knows by an unambiguous name stays one
		}
		switch override(t.model, f, rule, nameMargin) {
		case NameCompany:
			n.kind = kindOrg
		case NamePerson:
			n.kind = kindPerson
		case NameOther:
			if n.kind == kindOrg || n.kind == kindPerson {
				n.kind = kindUnknown
			}
		}
	}
	return nil
}

// The name model's labels.
const (
	NameOther   = "other"
	NameCompany = "company"
	NamePerson  = "person"
)

// NameLabels are the name model's labels, in class order.
var NameLabels = []string{NameOther, NameCompany, NamePerson}

// NameCandidate is a name as the rules typed it, with the features the
// name model reads. Training reads them (see Extractor.Candidates).
type NameCandidate struct {
	Text     string
	Rule     string // the rules' label, one of NameLabels
	Features learn.Features
}

// nameMargin is how far the name model must prefer its label to the
// rules' before it overrides them, chosen by cross-validation on the
// train split (see dealwire train).
var nameMargin float32 = 1

func nameLabel(k nameKind) string {
	switch k {
	case kindOrg:
		return NameCompany
	case kindPerson:
		return NamePerson
	}
	return NameOther
}

// nameFeatures describes a name for the name model: what the rules made
// of it and the evidence they weighed, its shape and words, what the
// knowledge base knows of it, and the words around its mentions.
func nameFeatures(ns *names, n *name) learn.Features {
	var f learn.Features
	rule := nameLabel(n.kind)
	words := strings.Fields(n.key)
	f.Add("bias", "")
	f.Add("rule", rule)
	f.Add("lang", ns.d.lang)
	f.Add("org", bucket(int(n.org*2), 0, 1, 2, 4, 8))
	f.Add("person", bucket(int(n.person*2), 0, 1, 2, 3, 4, 8))
	f.Add("words", bucket(len(words), 1, 2, 3))
	f.AddParts("rule+words", rule, bucket(len(words), 1, 2, 3))
	f.Add("mentions", bucket(len(n.mentions), 1, 2, 4))
	flags := [...]struct {
		name string
		on   bool
	}{{"place", n.place}, {"thing", n.thing}, {"product", n.product}, {"acronym", n.acronym},
		{"gaz", n.gaz != ""}, {"ambiguous", n.ambiguous}, {"gazSeen", n.gazSeen}, {"placeHint", n.placeHint > 0},
		{"lowerSeen", ns.d.lowerSeen[strings.ToLower(n.text)]}, {"work", works.known(n.text)},
		{"firstName", len(words) > 0 && isFirstName(words[0])}, {"personShaped", personShaped(n.text)}}
	for _, fl := range flags {
		if fl.on {
			f.Add("flag", fl.name)
			f.AddParts("rule+flag", rule, fl.name)
		}
	}
	f.Add("shape", nameShape(n.text))
	if len(words) > 0 {
		last := words[len(words)-1]
		f.Add("first", words[0])
		f.Add("last", last)
		if lex.media[last] || lex.strong[last] {
			f.Add("flag", "business-word")
		}
	}
	if e, ok := kb.Default().Lookup(n.text); ok {
		f.Add("kb", string(e.Kind))
	}
	nameContext(&f, ns, n)
	slices.Sort(f)
	return slices.Compact(f)
}

// nameContext adds the words right before and after each mention of n
// (at most eight mentions), and whether one opens its sentence.
func nameContext(f *learn.Features, ns *names, n *name) {
	for i, mi := range n.mentions {
		if i == 8 {
			break
		}
		m := ns.mentions[mi]
		w := window{toks: ns.d.sents[m.sent].toks, first: m.first, last: m.last}
		f.Add("prev", w.prev(1))
		f.Add("prev2", w.prev(2)+" "+w.prev(1))
		f.Add("next", w.next(1))
		if m.initial {
			f.Add("flag", "initial")
		}
		if m.honorific {
			f.Add("flag", "honorific")
		}
	}
}

// nameShape abstracts a name's spelling: "Xx Xx", "XX", "Xx+", "xX".
func nameShape(s string) string {
	var b strings.Builder
	last := rune(0)
	for _, r := range s {
		c := r
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLower(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		}
		if c != last {
			b.WriteRune(c)
			last = c
		}
		if b.Len() > 12 {
			break
		}
	}
	return b.String()
}
