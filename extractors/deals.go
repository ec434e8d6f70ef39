package extractors

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"
)

// trigger is a phrase that signals a deal of a type.
type trigger struct {
	typ string
	re  *regexp.Regexp
}

// Triggers, most specific first: the first type that matches a sentence
// wins, so "acquired the drama" is licensing before it is acquisition.
var triggers = []trigger{
	{Talent, cueRe(`(?i)\b(?:talent deal|signs? (?:a )?(?:multi-year |three-year |two-year |long-term |exclusive )?(?:deal|contract|agreement) (?:with|to)|signed (?:up )?(?:with|to)|has joined|joins|hired|recruté|recrute|rejoint|signe chez|a signé chez)\b`)},
	{Production, cueRe(`(?i)\b(?:to (?:create|produce|develop|make) (?:original|new|an? |the )?(?:\w+ )?(?:series|shows?|films?|movies?|content|programm\w*|dramas?|documentar\w*)|co-?produc\w*|coprodu\w*|(?:production|series|first-look|overall|development) deal|ordered|commissioned|greenlit|greenlights?|pour la production|production d['’]une|produire (?:une|des|la|le)|commandé|commande (?:une|de)|créer (?:une|des) (?:série|fiction|contenu)|(?:réalis|tourn)\w+ (?:pour|par) (?:Netflix|la plateforme))\b`)},
	{Licensing, cueRe(`(?i)\b(?:(?:acquired|acquires?|acquiring|bought|buys?|secured|picked up|landed|won|a acquis|acquiert|a racheté|rachète|a remporté|remporte|obtenu)\s+(?:the\s+|les\s+|l['’]|la\s+|le\s+|des\s+)?(?:\S+\s+){0,3}?(?:rights?|droits|drama|series|film|movie|show|documentary|podcast|série|exclusivité|catalogue|catalog)|licen[cs]\w*|(?:broadcast|streaming|tv|television|film|screen|media|exclusive|distribution) rights|rights? to (?:stream|broadcast|air|show|premiere|distribute|screen)|droits (?:de diffusion|télé|tv|d['’]adaptation|exclusifs|sportifs)|to (?:broadcast|stream|air|screen) (?:the|its|a|all|\d)|diffusera|diffuseront|va diffuser|exclusivité du)\b`)},
	{Merger, cueRe(`(?i)\b(?:merg(?:e|es|ed|er|ing)|fusion\w*|fusionn\w*)\b`)},
	{Investment, cueRe(`(?i)\b(?:invest(?:s|ed|ing|ment|ments)?|(?:minority |\d+(?:\.\d+)?% |\d+(?:,\d+)? % )stake|stake of|funding round|fundraising|raised \$|prise de participation|participation (?:minoritaire|de \d)|entr\w* au capital|lev[ée]e de fonds|investi\w*|injecte\w*)\b`)},
	{Acquisition, cueRe(`(?i)\b(?:acquir\w*|acquisition|buy(?:s|ing)?|bought|purchas\w*|takeover|take over|taking over|buy-?out|to sell|sells|selling|sold|sale of|divest\w*|controlling stake|majority stake|rachat|rach[eè]t\w*|acqui[eè]r\w*|acquis|cède|cèdent|céd\w*|cession|vend\w*|s['’]empar\w*|met la main|reprise|repren\w*|offre publique|OPA|bid for|offer for|letter of intent to (?:buy|sell|acquire))\b`)},
	{Partnership, cueRe(`(?i)\b(?:partner(?:s|ed|ing|ship|ships)?|team(?:s|ed|ing)? (?:up )?with|to team|teaming up|joint[- ]venture|alliance|allied|ally|allies|collaborat\w*|cooperat\w*|work (?:closely )?together|partenariat\w*|partenaire\w*|s['’]all\w*|allié\w*|s['’]associ\w*|coentreprise|co-entreprise|offre groupée|bundle\w*|coopération)\b`)},
	{Distribution, cueRe(`(?i)\b(?:carriage|carry|carries|carried|distribution (?:deal|agreement)|accord de distribution|available on|disponibles? (?:sur|à travers|dans)|set-?top box\w*|décodeurs?|les box|box (?:de|d['’])|app(?:lication)? (?:on|sur|installée)|dropped|drop (?:the|his|her)|distribu\w*)\b`)},
}

var (
	talksRe = cueRe(`(?i)\b(?:in talks|talks|negotiat\w*|discuss\w*|consider\w*|mulling|weighing|explor\w*|(?:is|are) said to|reportedly|rumou?r\w*|could|might|would|plans? to|planning|intend\w*|interested|interest in|eyes|eyeing|courting|approach\w*|bids? (?:for|to)|(?:offers?|offered|offering) (?:to|for)|takeover (?:bid|offer)|proposed|pending|subject to|approval|potential|possible|en discussions?|en négociations?|négoci\w*|discut\w*|serait|seraient|pourrait|pourraient|envisag\w*|intéress\w*|rumeurs?|souhaite\w*|aimerait|devrait|devraient|potentiel\w*|pas de décision|no decision|attend\w*|candidat\w*)\b`)
	endedRe = cueRe(`(?i)\b(?:called off|terminat\w*|scrapped|abandon\w*|rejected|collapsed|pulled out|walked away|dropped|ended|lost the rights|expired|expir\w*|cancel\w*|rompu\w*|rupture|abandonn\w*|rejet\w*|annul\w*|renonc\w*|met fin|mis fin|prend fin|a perdu|échoué|no longer|ne plus|taking over from|prendre le relais)\b`)
	// anaphora refers back to a deal already reported.
	anaphora = cueRe(`(?i)\b(?:the|this|that|aforementioned|such|ce|cet|cette|l['’]|le|la)\s*(?:aforementioned\s+|new\s+|nouvel\s+|nouveau\s+)?(?:deal|agreement|partnership|pact|accord|partenariat|contrat|alliance|transaction|arrangement)\b`)
	// sourceCue marks a company named only as the source of the report.
	sourceCue = cueRe(`(?i)(?:according to(?: the)?|selon(?: le| la| l['’])?|reported (?:by|on)|rapporte(?: le| la)?|told(?: the)?|as the|comme le rapporte(?: le| la)?|cité par|via|d['’]après(?: le| la)?|on)\s*$`)
	// refToCompany: a pronoun or noun phrase standing for a company.
	refToCompany = cueRe(`(?i)^(?:it|its|the company|the firm|the group|the studio|the network|the service|the platform|the streaming (?:service|giant)|la start-up|l['’]entreprise|la société|le groupe|la plateforme|la chaîne|le géant|celui-ci|celle-ci|il|elle)\b|\b(?:it|the company|the group|la start-up|l['’]entreprise|le groupe|la plateforme|the two companies|les deux (?:groupes|sociétés|entreprises))\b`)
	exclusiveRe  = cueRe(`(?i)\bexclusiv\w*`)
	territoryRe  = cueRe(`(?i)\b(?:in|across|dans|sur)\s+((?:all|tous les|every|each)\b[^,.;:]*?territor\w*(?:[^,.;:]*)?)`)
	durationRe   = cueRe(`(?i)\b((?:\w+|\d+)-year|multi-?year|pluriannuel|(?:de|pour|sur)\s+(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+ans)\b`)
	formatRe     = cueRe(`(?i)\b((?:one|two|half|\d+)-hour (?:drama|series|comedy|show|thriller)|(?:\d+|six|eight|ten|twelve|thirteen)-episode \w+)`)
)

// dealDraft is a deal as sentences report it, before merging.
type dealDraft struct {
	typ, status string
	parties     []*companyGroup
	people      []string
	titles      []string
	evidence    []int // sentence indices
	terms       Terms
}

// findDeals assembles the deals of an article.
func findDeals(d *doc, ns *names, groups []*companyGroup, titles []titleMention, figs []Figure, dates []dateMention) []Deal {
	var drafts []*dealDraft
	var last *dealDraft
	for si := range d.sents {
		s := &d.sents[si]
		text := maskNames(d, ns, titles, si)
		typ, loc := dealType(text)
		parties := sentenceParties(d, ns, groups, si)
		refers := last != nil && anaphora.MatchString(text) && subsetOf(parties, last.parties)
		if typ == "" {
			if refers {
				last.evidence = append(last.evidence, si)
			}
			continue
		}
		var people []string
		if typ == Talent {
			people = sentencePeople(ns, si)
			if len(people) == 0 {
				typ, loc = dealType(strings.Replace(text, text[loc[0]:loc[1]], strings.Repeat(" ", loc[1]-loc[0]), 1))
				if typ == "" {
					continue
				}
			}
		}
		ts := sentenceTitles(titles, s)
		if refers {
			// "Based on the aforementioned deal, Netflix is getting the
			// rights...": more about the deal already found.
			last.evidence = append(last.evidence, si)
			last.titles = appendNew(last.titles, ts...)
			continue
		}
		if len(parties) < 2 && refToCompany.MatchString(text) {
			if ante := antecedent(ns, groups, si, parties); ante != nil {
				parties = append([]*companyGroup{ante}, parties...)
			}
		}
		if len(parties)+len(people) == 0 || len(parties)+len(people) < 2 && len(ts) == 0 && !singleParty(typ, text) {
			continue
		}
		dd := &dealDraft{typ: typ, status: dealStatus(text, loc), parties: parties, people: people, titles: ts, evidence: []int{si}}
		drafts = append(drafts, dd)
		last = dd
	}
	drafts = mergeDrafts(d, drafts)
	out := make([]Deal, 0, len(drafts))
	for _, dd := range drafts {
		out = append(out, dd.deal(d, figs, dates))
	}
	return out
}

// maskNames returns the sentence's text with the names of companies and
// titles blanked out, so that "Media Rights Capital" or "Providence Equity
// Partners" trigger no deal.
func maskNames(d *doc, ns *names, titles []titleMention, si int) string {
	s := &d.sents[si]
	b := []byte(d.text[s.start:s.end])
	blank := func(sp span) {
		for i := max(sp.start, s.start); i < min(sp.end, s.end); i++ {
			b[i-s.start] = '_'
		}
	}
	for _, mi := range ns.in(si) {
		if m := ns.mentions[mi]; ns.byKey[m.key].kind == kindOrg {
			blank(m.span)
		}
	}
	for _, t := range titles {
		if t.start >= s.start && t.end <= s.end {
			blank(t.span)
		}
	}
	return string(b)
}

// dealType returns the type of the first trigger in text and where it is.
func dealType(text string) (string, []int) {
	for _, t := range triggers {
		if loc := t.re.FindStringIndex(text); loc != nil {
			return t.typ, loc
		}
	}
	return "", nil
}

// dealStatus reads the modality of the clause around the trigger.
func dealStatus(text string, loc []int) string {
	switch {
	case endedRe.MatchString(text):
		return Ended
	case talksRe.MatchString(text):
		return Talks
	}
	return Agreed
}

// singleParty reports a sentence whose deal can have one named party: an
// asset sale, the purchase of rights.
var singlePartyRe = cueRe(`(?i)\b(?:assets?|systems?|rights|droits|stations?|stake|shares|unit|division|theatre|cinéma|cinema|catalogue|minority holders|actifs)\b`)

func singleParty(typ, text string) bool {
	switch typ {
	case Acquisition, Licensing:
		return singlePartyRe.MatchString(text)
	}
	return false
}

// sentenceParties returns the companies a sentence names as actors: not
// those cited as the source of the report.
func sentenceParties(d *doc, ns *names, groups []*companyGroup, si int) []*companyGroup {
	var out []*companyGroup
	s := &d.sents[si]
	type hit struct {
		g  *companyGroup
		at int
	}
	var hits []hit
	for _, mi := range ns.in(si) {
		g := ns.companyAt(mi)
		if g == nil {
			continue
		}
		m := ns.mentions[mi]
		before := d.text[max(s.start, m.start-40):m.start]
		if sourceCue.MatchString(before) {
			continue
		}
		// "AMC's “Breaking Bad”": the owner of a title, not a party.
		after := d.text[m.end:min(s.end, m.end+6)]
		if (strings.HasPrefix(after, "’s “") || strings.HasPrefix(after, "'s \"") || strings.HasPrefix(after, "’s \"")) && !strings.Contains(d.text[s.start:m.start], "with") {
			continue
		}
		hits = append(hits, hit{g, m.start})
	}
	sort.Slice(hits, func(i, j int) bool { return hits[i].at < hits[j].at })
	for _, h := range hits {
		dup := false
		for _, o := range out {
			if o == h.g {
				dup = true
			}
		}
		if !dup {
			out = append(out, h.g)
		}
	}
	return out
}

func sentencePeople(ns *names, si int) []string {
	var out []string
	for _, n := range ns.byKind(kindPerson) {
		for _, mi := range n.mentions {
			if ns.mentions[mi].sent == si {
				out = appendNew(out, n.text)
				break
			}
		}
	}
	return out
}

// antecedent resolves "it" / "la start-up" to the company the previous
// sentences are about.
func antecedent(ns *names, groups []*companyGroup, si int, have []*companyGroup) *companyGroup {
	// Earlier in the same sentence first ("LeTV ... it said it had closed").
	for back := si; back >= 0 && back >= si-3; back-- {
		g := subjectOf(ns, groups, back)
		if g == nil {
			continue
		}
		dup := false
		for _, h := range have {
			if h == g {
				dup = true
			}
		}
		if !dup {
			return g
		}
		if back == si {
			continue
		}
	}
	return nil
}

func subsetOf(a, b []*companyGroup) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if x == y {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

func sentenceTitles(ts []titleMention, s *sentence) []string {
	var out []string
	for _, t := range ts {
		if t.start >= s.start && t.end <= s.end {
			out = appendNew(out, t.name)
		}
	}
	return out
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

// mergeDrafts joins drafts of the same type and parties: one deal reported
// in several sentences. A deal only the headline reports joins the body's
// deal between the same parties, whatever its type: the headline sums the
// article up.
func mergeDrafts(d *doc, drafts []*dealDraft) []*dealDraft {
	var body, heads []*dealDraft
	for _, dd := range drafts {
		if d.sents[dd.evidence[0]].heading {
			heads = append(heads, dd)
		} else {
			body = append(body, dd)
		}
	}
	drafts = body
	for _, h := range heads {
		joined := false
		for _, b := range body {
			if len(h.parties) > 0 && subsetOf(h.parties, b.parties) && subsetOf(b.parties, h.parties) && len(h.people) == len(b.people) {
				b.evidence = append([]int{h.evidence[0]}, b.evidence...)
				b.titles = appendNew(b.titles, h.titles...)
				joined = true
				break
			}
		}
		if !joined {
			drafts = append(drafts, h)
		}
	}
	var out []*dealDraft
	for _, dd := range drafts {
		merged := false
		for _, o := range out {
			if o.typ == dd.typ && sameParties(o, dd) {
				o.evidence = append(o.evidence, dd.evidence...)
				o.titles = appendNew(o.titles, dd.titles...)
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, dd)
		}
	}
	return out
}

func sameParties(a, b *dealDraft) bool {
	if len(a.parties) != len(b.parties) || len(a.people) != len(b.people) {
		return false
	}
	if len(a.parties) == 1 && len(a.people) == 0 && (len(a.titles) > 0 || len(b.titles) > 0) {
		// One company, several works: separate deals unless a title is shared.
		for _, t := range a.titles {
			for _, u := range b.titles {
				if strings.EqualFold(t, u) {
					return a.parties[0] == b.parties[0]
				}
			}
		}
		return false
	}
	return subsetOf(a.parties, b.parties) && subsetOf(b.parties, a.parties)
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
	for i, g := range dd.parties {
		dl.Parties = append(dl.Parties, Party{Name: g.name, Role: partyRole(dd.typ, i, len(dd.parties))})
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

// partyRole gives the conventional role of the i-th party of n.
func partyRole(typ string, i, n int) string {
	switch typ {
	case Acquisition:
		if n >= 2 {
			if i == 0 {
				return "buyer"
			}
			return "target"
		}
	case Licensing:
		if i == 0 {
			return "licensee"
		}
		return "licensor"
	case Production:
		if n >= 2 {
			if i == 0 {
				return "producer"
			}
			return "platform"
		}
	case Investment:
		if i == 0 {
			return "investor"
		}
		return "investee"
	}
	return ""
}

// CompanyKey folds a company name to the key that identifies the company
// across articles: case, accents, leading articles and generic words such
// as Pictures, Television, Group or Inc do not count, so "Sony Television
// Pictures", "Sony" and "les studios Sony" share one key.
func CompanyKey(name string) string {
	k := fold(strings.TrimSpace(name))
	k = strings.NewReplacer("’", "'", "+", " plus", ".", "", ",", "", "&", " and ").Replace(k)
	for _, p := range []string{"l'", "d'"} {
		k = strings.TrimPrefix(k, p)
	}
	w := strings.Fields(k)
	for len(w) > 1 && (w[0] == "the" || w[0] == "le" || w[0] == "la" || w[0] == "les" || w[0] == "studios" || w[0] == "groupe" || w[0] == "group") {
		w = w[1:]
	}
	return core(strings.Join(w, " "))
}

// DealID derives a deal's id from what identifies it: its type, its
// parties' company keys and, when fewer than two parties are named, its
// titles. The same deal reported by two articles gets the same id.
func DealID(typ string, parties, titles []string) string {
	keys := make([]string, 0, len(parties))
	for _, p := range parties {
		keys = append(keys, CompanyKey(p))
	}
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

func dedupSorted(xs []string) []string {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}
