package extractors

import (
	"crypto/sha256"
	"encoding/hex"
	"github.com/dealwire/dealwire/extractors/kb"
	"sort"
	"strings"
)

// dealReader reads the deals of one document: it holds what every clause
// needs, and the subject of each sentence once known.
type dealReader struct {
	d        *doc
	ns       *names
	groups   []*companyGroup
	titles   []titleMention
	subjects map[int]*companyGroup // sentence -> the company it is about
	census   cueCensus
}

// cueCensus counts the typed deal cues of a whole article, and those of
// its headline: what the article is about, beyond one clause.
type cueCensus struct {
	all  map[string]int
	head map[string]bool
	// sent holds each sentence's typed cues and the statuses its cues
	// imply, by sentence index.
	sent map[int][]cueHit
}

func (c *cueCensus) count(si int, hits []cueHit, heading bool) {
	if c.all == nil {
		c.all, c.head, c.sent = map[string]int{}, map[string]bool{}, map[int][]cueHit{}
	}
	for _, h := range hits {
		if h.typ == "" && h.status == "" {
			continue
		}
		c.sent[si] = append(c.sent[si], h)
		if h.typ == "" {
			continue
		}
		c.all[h.typ]++
		if heading {
			c.head[h.typ] = true
		}
	}
}

// major is the most frequent cue type, ties to the first in DealTypes.
func (c *cueCensus) major() string {
	best := ""
	for _, t := range DealTypes {
		if c.all[t] > c.all[best] {
			best = t
		}
	}
	return best
}

// dealDraft is a deal as one clause reports it, before merging.
type dealDraft struct {
	typ, status string
	agents      []*companyGroup // the clause's subject side
	others      []*companyGroup // the counterparties
	people      []string
	titles      []string
	inferred    bool  // titles taken from the sentences before
	evidence    []int // sentence indices
	gives       bool  // the agents give: they sell or license out
	passive     bool  // the agents are what was bought
	orders      bool  // the agents ordered the work
	heading     bool
	cue         string // the cue's text, lower-cased
	generic     bool   // the cue has no type of its own ("deal", "accord")
}

func (dd *dealDraft) parties() []*companyGroup { return unionGroups(dd.agents, dd.others) }

// findDeals proposes the deals of an article: each cue of each clause
// with its parties, then the drafts merged into one per agreement. The
// deal decisions (decide.go) take it from there.
func findDeals(d *doc, ns *names, groups []*companyGroup, titles []titleMention) ([]*dealDraft, *cueCensus) {
	r := &dealReader{d: d, ns: ns, groups: groups, titles: titles, subjects: map[int]*companyGroup{}}
	var drafts []*dealDraft
	var last *dealDraft
	for si := range d.sents {
		text := maskNames(d, ns, titles, si)
		found := r.sentenceDeals(si, text)
		refersBack := last != nil && !d.sents[si].heading && anaphora.MatchString(text)
		if len(found) == 0 && refersBack {
			// "Le fruit de cette association va prendre forme avec la
			// co-production d'une série": another deal between the same
			// parties.
			if dd := r.inherit(last, text, si); dd != nil {
				drafts = append(drafts, dd)
				continue
			}
		}
		if len(found) == 0 {
			// "Based on the aforementioned deal, ...": more about the last one.
			if refersBack {
				if endedRe.MatchString(text) {
					last.status = Ended // "The deal expired last month."
				}
				last.evidence = appendInt(last.evidence, si)
				last.titles = appendNew(last.titles, sentenceTitles(titles, d.sents[si].start, d.sents[si].end)...)
			}
			continue
		}
		if refersBack {
			// "Outre ce partenariat avec Sony, ...": drafts between the last
			// deal's parties are more about it.
			kept := found[:0]
			for _, dd := range found {
				if subsetOf(dd.parties(), last.parties()) && sameStrings(dd.people, last.people) {
					// Only the works this sentence names: not those a
					// "the rights" borrowed from sentences before.
					last.evidence = appendInt(last.evidence, si)
					last.titles = appendNew(last.titles, r.dealTitles(d.sents[si].start, d.sents[si].end)...)
				} else {
					kept = append(kept, dd)
				}
			}
			found = kept
		}
		drafts = append(drafts, found...)
		if len(found) > 0 && !d.sents[si].heading {
			// The sentence's main deal: the one with the most parties.
			last = found[0]
			for _, dd := range found[1:] {
				if len(dd.parties()) >= len(last.parties()) {
					last = dd
				}
			}
		}
	}
	return mergeDrafts(drafts), &r.census
}

func appendNew(xs []string, ys ...string) []string {
	for _, y := range ys {
		found := false
		for _, x := range xs {
			if strings.EqualFold(x, y) {
				found = true
			}
		}
		if !found {
			xs = append(xs, y)
		}
	}
	return xs
}

func appendInt(xs []int, y int) []int {
	for _, x := range xs {
		if x == y {
			return xs
		}
	}
	return append(xs, y)
}

func containsGroup(gs []*companyGroup, g *companyGroup) bool {
	for _, x := range gs {
		if x == g {
			return true
		}
	}
	return false
}

func appendGroup(gs []*companyGroup, more ...*companyGroup) []*companyGroup {
	for _, g := range more {
		if !containsGroup(gs, g) {
			gs = append(gs, g)
		}
	}
	return gs
}

func unionGroups(a, b []*companyGroup) []*companyGroup {
	return appendGroup(append([]*companyGroup(nil), a...), b...)
}

func flatten(runs [][]*companyGroup) []*companyGroup {
	var out []*companyGroup
	for _, r := range runs {
		out = appendGroup(out, r...)
	}
	return out
}

func subsetOf(a, b []*companyGroup) bool {
	for _, x := range a {
		if !containsGroup(b, x) {
			return false
		}
	}
	return true
}

// mergeDrafts joins the drafts that report one deal: the same type and
// parties, or a headline's deal and the body's deal between the same
// parties, whatever its type, since the headline sums the article up.
func mergeDrafts(drafts []*dealDraft) []*dealDraft {
	var body, heads []*dealDraft
	for _, dd := range drafts {
		if dd.heading {
			heads = append(heads, dd)
		} else {
			body = append(body, dd)
		}
	}
	var out []*dealDraft
	for _, dd := range body {
		if o := findSame(out, dd, false); o != nil {
			o.absorb(dd)
		} else if o := partOf(out, dd); o != nil {
			// "The company said it will buy the system": one party of a
			// deal already reported, and nothing new.
			o.evidence = appendInt(o.evidence, dd.evidence[0])
		} else {
			out = append(out, dd)
		}
	}
	out = foldSingles(out)
	for _, h := range heads {
		o := findSame(out, h, true)
		if o == nil && len(h.parties()) == 1 {
			// A headline that names one party sums up the article's first
			// deal of its type: "GENCORP UNIT TO SELL LOS ANGELES TV STATION".
			for _, b := range out {
				if b.typ == h.typ && len(h.titles) == 0 {
					o = b
					break
				}
			}
		}
		if o != nil {
			o.evidence = append([]int{h.evidence[0]}, o.evidence...)
			o.status = h.status // the headline sums the deal up
			o.titles = appendNew(o.titles, h.titles...)
		} else {
			out = append(out, h)
		}
	}
	return out
}

// foldSingles folds a one-party draft into a deal of its type that has
// that party and others, when their works agree: "TF1 a commandé la série
// Ransom, en partenariat avec CBS et RTL" reports one deal, not two.
func foldSingles(ds []*dealDraft) []*dealDraft {
	out := ds[:0:0]
	for i, dd := range ds {
		ps := dd.parties()
		folded := false
		if len(ps) == 1 && len(dd.people) == 0 {
			for j, o := range ds {
				if j == i || o.typ != dd.typ || len(o.parties()) < 2 || !containsGroup(o.parties(), ps[0]) {
					continue
				}
				if len(dd.titles) > 0 && len(o.titles) > 0 && len(appendNew(append([]string(nil), o.titles...), dd.titles...)) > len(o.titles) {
					continue
				}
				o.absorb(dd)
				folded = true
				break
			}
		}
		if !folded {
			out = append(out, dd)
		}
	}
	return out
}

// partOf returns the deal of dd's type that already has dd's only party,
// when dd adds no work of its own.
func partOf(ds []*dealDraft, dd *dealDraft) *dealDraft {
	ps := dd.parties()
	if len(ps) != 1 || len(dd.titles) > 0 || len(dd.people) > 0 {
		return nil
	}
	for _, o := range ds {
		if o.typ == dd.typ && len(o.parties()) > 1 && containsGroup(o.parties(), ps[0]) {
			return o
		}
	}
	return nil
}

func findSame(ds []*dealDraft, dd *dealDraft, heading bool) *dealDraft {
	for _, o := range ds {
		if (o.typ == dd.typ || heading && sameSet(o.parties(), dd.parties())) && sameDeal(o, dd) {
			return o
		}
	}
	if heading {
		for _, o := range ds {
			if o.typ == dd.typ && subsetOf(dd.parties(), o.parties()) && len(dd.parties()) > 0 {
				return o
			}
		}
	}
	return nil
}

// sameDeal: two drafts of one type name one deal when their parties are
// the same, or one's include the other's two or more; a company's deals
// on different works are different deals.
func sameDeal(a, b *dealDraft) bool {
	pa, pb := a.parties(), b.parties()
	if len(a.people) > 0 || len(b.people) > 0 {
		if !sameStrings(a.people, b.people) {
			return false
		}
	}
	if len(pa) == 1 && len(pb) == 1 {
		if pa[0] != pb[0] {
			return false
		}
		if len(a.titles) == 0 || len(b.titles) == 0 {
			return true // a report that names no work joins one that does
		}
		for _, t := range a.titles {
			for _, u := range b.titles {
				if strings.EqualFold(t, u) {
					return true
				}
			}
		}
		return false
	}
	if sameSet(pa, pb) {
		return true
	}
	small, big := pa, pb
	if len(small) > len(big) {
		small, big = big, small
	}
	return len(small) >= 2 && subsetOf(small, big)
}

func sameSet(a, b []*companyGroup) bool { return subsetOf(a, b) && subsetOf(b, a) }

func sameStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if len(appendNew(b, x)) != len(b) {
			return false
		}
	}
	return true
}

// absorb merges another report of the same deal into dd.
func (dd *dealDraft) absorb(o *dealDraft) {
	for _, si := range o.evidence {
		dd.evidence = appendInt(dd.evidence, si)
	}
	if !o.inferred || len(dd.parties()) < 2 {
		// Works borrowed from earlier sentences name a one-party deal;
		// they would only blur a deal between named parties.
		dd.titles = appendNew(dd.titles, o.titles...)
	}
	if o.status == Ended {
		dd.status = Ended // a later report that the deal fell through
	}
	if len(o.parties()) > len(dd.parties()) {
		dd.agents, dd.others = o.agents, o.others
	}
}

// deal finishes a draft: names, roles, terms, evidence and a stable id.
func (dd *dealDraft) deal(d *doc, figs []Figure, dates []dateMention) Deal {
	dl := Deal{Type: dd.typ, Status: dd.status, Titles: dd.titles}
	if dl.Titles == nil {
		dl.Titles = []string{}
	}
	for _, p := range dd.people {
		dl.Parties = append(dl.Parties, Party{Name: p, Role: "talent"})
	}
	for _, g := range dd.agents {
		dl.Parties = append(dl.Parties, Party{Name: g.name, Role: dd.role(true)})
	}
	for _, g := range dd.others {
		if !containsGroup(dd.agents, g) {
			dl.Parties = append(dl.Parties, Party{Name: g.name, Role: dd.role(false)})
		}
	}
	var ev strings.Builder
	for _, si := range dd.evidence {
		s := d.sents[si]
		text := d.text[s.start:s.end]
		dl.Evidence = append(dl.Evidence, text)
		ev.WriteString(text)
		ev.WriteByte('\n')
		for _, dm := range dates {
			if dm.start >= s.start && dm.end <= s.end && dl.Terms.Date == "" {
				dl.Terms.Date = dm.value
			}
		}
	}
	evText := ev.String()
	for _, f := range figs {
		if !strings.Contains(evText, f.Text) {
			continue
		}
		switch {
		case f.Metric == MetricEpisodes:
			dl.Terms.Episodes = int(f.Value)
		case f.Metric == MetricMoney && f.Qualifier == QualDealValue && dl.Terms.Value == 0:
			dl.Terms.Value, dl.Terms.Currency = f.Value, f.Currency
		}
	}
	dl.Terms.Exclusive = exclusiveRe.MatchString(evText)
	if m := territoryRe.FindStringSubmatch(evText); m != nil {
		dl.Terms.Territories = []string{strings.TrimSpace(m[1])}
	} else if r := regionOf(evText); r != "" && r != "US" {
		dl.Terms.Territories = []string{r}
	}
	if m := durationRe.FindStringSubmatch(evText); m != nil {
		dl.Terms.Duration = m[1]
	}
	if m := formatRe.FindStringSubmatch(evText); m != nil {
		dl.Terms.Format = m[1]
	}
	names := make([]string, 0, len(dl.Parties))
	for _, p := range dl.Parties {
		names = append(names, p.Name)
	}
	dl.ID = DealID(dl.Type, names, dl.Titles)
	return dl
}

// role gives the conventional role of the subject side (agent) or of the
// counterparties of a deal.
func (dd *dealDraft) role(agent bool) string {
	pick := func(a, b string) string {
		if agent {
			return a
		}
		return b
	}
	switch dd.typ {
	case Acquisition:
		switch {
		case dd.gives:
			return pick("seller", "buyer")
		case dd.passive:
			return pick("target", "buyer")
		}
		return pick("buyer", "target")
	case Licensing:
		if dd.gives {
			return pick("licensor", "licensee")
		}
		return pick("licensee", "licensor")
	case Production:
		if dd.orders {
			return pick("platform", "producer")
		}
		return pick("producer", "platform")
	case Investment:
		return pick("investor", "investee")
	case Distribution:
		return pick("distributor", "platform")
	case Talent:
		return "company"
	}
	return "partner"
}

// CompanyKey folds a company name to the key that identifies the company
// across articles: case, accents, leading articles and generic words such
// as Pictures, Television, Group or Inc do not count, so "Sony Television
// Pictures", "Sony" and "les studios Sony" share one key.
func CompanyKey(name string) string {
	k := fold(strings.TrimSpace(name))
	k = keyPunct.Replace(k)
	for _, p := range []string{"l'", "d'"} {
		k = strings.TrimPrefix(k, p)
	}
	w := strings.Fields(k)
	for len(w) > 1 && (w[0] == "the" || w[0] == "le" || w[0] == "la" || w[0] == "les" || w[0] == "studios" || w[0] == "groupe" || w[0] == "group") {
		w = w[1:]
	}
	return core(strings.Join(w, " "))
}

var keyPunct = strings.NewReplacer("’", "'", "+", " plus", ".", "", ",", "", "&", " and ")

// DealID derives a deal's id from what identifies it: its type, its
// parties' keys and, when fewer than two parties are named, its titles.
// The same deal reported by two articles gets the same id. A party the
// knowledge base knows counts as its group (Sony Pictures Television is
// Sony, Disney+ is Disney), unless two parties are of one group: then each
// counts as itself, so that a group's purchase of a unit stays two-sided.
func DealID(typ string, parties, titles []string) string {
	keys := partyKeys(parties)
	sort.Strings(keys)
	keys = dedupSorted(keys)
	h := sha256.New()
	h.Write([]byte(typ))
	for _, k := range keys {
		h.Write([]byte{0})
		h.Write([]byte(k))
	}
	if len(keys) < 2 {
		ts := make([]string, 0, len(titles))
		for _, t := range titles {
			ts = append(ts, fold(t))
		}
		sort.Strings(ts)
		for _, t := range ts {
			h.Write([]byte{1})
			h.Write([]byte(t))
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}

// partyKeys returns each party's group key when no two parties share a
// group, else each party's company key.
func partyKeys(parties []string) []string {
	own := make([]string, 0, len(parties))
	groups := make([]string, 0, len(parties))
	seen := map[string]string{} // group key -> company key
	collide := false
	for _, p := range parties {
		k := CompanyKey(p)
		own = append(own, k)
		g := k
		e, ok := kb.Default().Lookup(p)
		if !ok {
			// "Sony Television Pictures": known by its company key.
			e, ok = kb.Default().Lookup(k)
		}
		if ok {
			g = "kb:" + kb.Default().Root(e).ID
		}
		if prev, ok := seen[g]; ok && prev != k {
			collide = true
		}
		seen[g] = k
		groups = append(groups, g)
	}
	if collide {
		return own
	}
	return groups
}

func dedupSorted(xs []string) []string {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
