package extractors

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strconv"
	"strings"

	"github.com/dealwire/dealwire/extractors/kb"
	"github.com/dealwire/dealwire/extractors/learn"
)

// The deal decisions: the rules propose candidates (findDeals); three
// trained models decide which to keep, their type and their status.

//go:embed models
var modelFiles embed.FS

// Model names, which are also their file names without ".dwm".
const (
	ModelDealKeep   = "deal-keep"
	ModelDealType   = "deal-type"
	ModelDealStatus = "deal-status"
	ModelNameKind   = "name-kind"
)

// Models are the trained decisions. A nil model leaves that decision to
// the rules.
type Models struct {
	Keep, Type, Status *learn.Model
	// Name types the capitalised names: company, person or other.
	Name *learn.Model
}

// name returns the name model; nil for no models.
func (m *Models) name() *learn.Model {
	if m == nil {
		return nil
	}
	return m.Name
}

// KeepLabels are the keep model's labels.
var KeepLabels = []string{"drop", "keep"}

// LoadModels reads the models in fsys (files named after the models, with
// ".dwm"); a missing file leaves that decision to the rules.
func LoadModels(fsys fs.FS) (*Models, error) {
	m := &Models{}
	for name, dst := range map[string]**learn.Model{ModelDealKeep: &m.Keep, ModelDealType: &m.Type, ModelDealStatus: &m.Status, ModelNameKind: &m.Name} {
		b, err := fs.ReadFile(fsys, name+".dwm")
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if *dst, err = learn.Read(bytes.NewReader(b)); err != nil {
			return nil, fmt.Errorf("model %s: %w", name, err)
		}
	}
	return m, nil
}

func embeddedModels() (*Models, error) {
	sub, err := fs.Sub(modelFiles, "models")
	if err != nil {
		return nil, err
	}
	return LoadModels(sub)
}

// Candidate is a deal as the rules propose it, with the features the
// deal decisions read. Training reads candidates (see Extractor.Candidates).
type Candidate struct {
	Deal     Deal
	Features learn.Features
	draft    *dealDraft
	// support holds the types a typed cue of the evidence, of the headline
	// or of most of the article names: the only types a model may give a
	// deal the rules typed from a generic cue.
	support map[string]bool
}

// candidates turns the drafts into deals, each with its features.
func candidates(d *doc, drafts []*dealDraft, census *cueCensus, figs []Figure, dates []dateMention, ncompanies int) []Candidate {
	out := make([]Candidate, 0, len(drafts))
	for _, dd := range drafts {
		dd.agents, dd.others = dropNonParties(dd.agents), dropNonParties(dd.others)
		all := dd.parties()
		dd.agents, dd.others = dropOutlets(dd.typ, dd.agents, all), dropOutlets(dd.typ, dd.others, all)
		dropRestated(dd)
		if len(dd.parties())+len(dd.people) == 0 || len(dd.parties()) < 2 && len(dd.people) == 0 && len(dd.titles) == 0 {
			// A deal of one named party says what of it only through the
			// works it is about.
			continue
		}
		if (dd.generic || softPartnership.MatchString(dd.cue)) && dd.typ == Partnership && len(dd.people) == 0 {
			// "an alliance" of an operator and a service is carriage,
			// "a partnership" of a league and a broadcaster is rights.
			if t := kindType(dd.parties()); t != "" {
				dd.typ = t
			}
		}
		dl := dd.deal(d, figs, dates)
		support := map[string]bool{census.major(): true}
		for t := range census.head {
			support[t] = true
		}
		for _, si := range dd.evidence {
			for _, h := range census.sent[si] {
				support[h.typ] = true
			}
		}
		out = append(out, Candidate{Deal: dl, Features: dealFeatures(d, dd, dl, census, ncompanies), draft: dd, support: support})
	}
	return out
}

// Margins by which a model must prefer its answer to the rules' before it
// overrides them, chosen by cross-validation on the train split (see
// dealwire train): below them, the rules' answer stands.
var (
	keepMargin   float32 = 3
	typeMargin   float32 = 2
	statusMargin float32 = 100
)

// decide applies the models to the candidates: it drops those the keep
// model rejects and sets type and status. Without models it keeps the
// rules' deals as they are.
func (m *Models) decide(d *doc, cs []Candidate, figs []Figure, dates []dateMention) []Deal {
	out := make([]Deal, 0, len(cs))
	seen := map[string]bool{}
	for _, c := range cs {
		dl := c.Deal
		if m != nil {
			if override(m.Keep, c.Features, "keep", keepMargin) == "drop" {
				continue
			}
			if c.draft.generic && len(c.draft.people) == 0 {
				if t := override(m.Type, c.Features, c.draft.typ, typeMargin); t != Talent && c.support[t] {
					c.draft.typ = t
				}
			}
			c.draft.status = override(m.Status, c.Features, c.draft.status, statusMargin)
			if c.draft.typ != dl.Type || c.draft.status != dl.Status {
				dl = c.draft.deal(d, figs, dates) // roles and id follow the type
			}
		}
		if seen[dl.ID] {
			continue
		}
		seen[dl.ID] = true
		out = append(out, dl)
	}
	return out
}

// override returns the model's label when it beats the rules' label by
// more than margin, else the rules' label.
func override(m *learn.Model, f learn.Features, rule string, margin float32) string {
	if m == nil {
		return rule
	}
	s := m.Scores(f)
	best, _ := m.Predict(f)
	r := slices.Index(m.Labels, rule)
	if r < 0 || s[best]-s[r] > margin {
		return m.Labels[best]
	}
	return rule
}

// dealFeatures describes a candidate for the deal decisions: what the
// rules made of it, where the text reports it, its parties and terms, and
// the cues of its evidence and of the whole article. Bags of words were
// tried and lost to these on cross-validation: the corpus is too small
// for them.
func dealFeatures(d *doc, dd *dealDraft, dl Deal, census *cueCensus, ncompanies int) learn.Features {
	var f learn.Features
	f.Add("bias", "")
	f.Add("type", dd.typ)
	f.Add("status", dd.status)
	f.AddParts("type+status", dd.typ, dd.status)
	f.Add("lang", d.lang)
	for name, on := range map[string]bool{"heading": dd.heading, "inferred": dd.inferred, "gives": dd.gives, "passive": dd.passive, "orders": dd.orders, "people": len(dd.people) > 0, "titles": len(dd.titles) > 0, "value": dl.Terms.Value > 0, "exclusive": dl.Terms.Exclusive, "episodes": dl.Terms.Episodes > 0, "territory": len(dl.Terms.Territories) > 0, "others": len(dd.others) > 0} {
		if on {
			f.Add("flag", name)
			f.AddParts("type+flag", dd.typ, name)
		}
	}
	f.Add("parties", bucket(len(dd.parties()), 0, 1, 2, 3))
	f.AddParts("type+parties", dd.typ, bucket(len(dd.parties()), 0, 1, 2, 3))
	f.Add("reports", bucket(len(dd.evidence), 1, 2, 3))
	f.Add("companies", bucket(ncompanies, 1, 2, 4, 8))
	if len(dd.evidence) > 0 {
		f.Add("first", bucket(dd.evidence[0], 0, 1, 2, 4, 8, 16))
	}
	partyKinds(&f, dl.Parties, dd.typ)
	f.Add("cue", dd.cue)
	if dd.generic {
		f.Add("generic", "")
		f.Add("generic+major", census.major())
		for t := range census.head {
			f.Add("generic+head", t)
		}
	}
	f.AddParts("type+major", dd.typ, census.major())
	for t := range census.head {
		f.Add("head", t)
	}
	for _, si := range dd.evidence {
		for _, h := range census.sent[si] {
			if h.typ != "" {
				f.Add("evcue", h.typ)
			}
			if h.status != "" {
				f.Add("evstatus", h.status)
			}
		}
	}
	evidence := strings.Join(dl.Evidence, "\n")
	if endedRe.MatchString(evidence) {
		f.Add("ended", "")
	}
	if talksBefore.MatchString(evidence) {
		f.Add("talks", "")
	}
	// One order for the same features, so that training sums the same
	// floats in the same order and writes the same bytes.
	slices.Sort(f)
	return slices.Compact(f)
}

// partyKinds adds what the knowledge base knows of the parties: each one's
// kind (studio, channel, telecom…), alone and with the rules' type, and
// whether two parties belong to one group.
func partyKinds(f *learn.Features, parties []Party, typ string) {
	k := kb.Default()
	var known []*kb.Entity
	for _, p := range parties {
		e, ok := k.Lookup(p.Name)
		if !ok {
			f.Add("kind", "unknown")
			continue
		}
		f.Add("kind", string(e.Kind))
		f.AddParts("type+kind", typ, string(e.Kind))
		for _, o := range known {
			if k.Related(o, e) {
				f.Add("same-group", "")
			}
		}
		known = append(known, e)
	}
}

// bucket names the range n falls in among ascending bounds: "0", "1",
// "2-3", "4+" and so on.
func bucket(n int, bounds ...int) string {
	for i, b := range bounds {
		if n <= b {
			if i == 0 || bounds[i-1] == b-1 {
				return strconv.Itoa(b)
			}
			return strconv.Itoa(bounds[i-1]+1) + "-" + strconv.Itoa(b)
		}
	}
	return strconv.Itoa(bounds[len(bounds)-1]+1) + "+"
}
