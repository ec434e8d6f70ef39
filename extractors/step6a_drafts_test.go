package extractors

import (
	"slices"
	"strings"
	"testing"
)

// draftLines returns each of d's drafts as "type status agents > others".
func draftLines(d *doc) []string {
	names := func(gs []*companyGroup) string {
		var out []string
		for _, g := range gs {
			out = append(out, g.name)
		}
		return strings.Join(out, ", ")
	}
	var out []string
	for _, dd := range d.drafts {
		out = append(out, dd.typ+" "+dd.status+" "+names(dd.agents)+" > "+names(dd.others))
	}
	return out
}

func TestDealDrafter(t *testing.T) {
	tests := []struct {
		text, lang string
		want       []string
	}{
		{"Sony Pictures Television has signed a deal with Netflix to produce a series.", "en",
			[]string{"production agreed Sony Pictures Television > Netflix"}},
		{"Le groupe Canal+ a racheté la chaîne OCS.", "fr", []string{"acquisition agreed Canal+ > OCS"}},
		{"Netflix is in talks to buy a stake in Mediapro.", "en", []string{"investment talks Netflix > Mediapro"}},
		{"Netflix said on Monday that Sony was growing.", "en", nil},
		// The owners of a nominal cue, coordinated before it.
		{"The miniseries is the first production under HBO and Sky's recently announced drama partnership.", "en",
			[]string{"partnership agreed HBO, Sky > "}},
		// No agreement found: the deal ended.
		{"Faute d'accord trouvé entre la chaîne BFM TV et l'opérateur Proximus, la chaîne quitte le catalogue.", "fr",
			[]string{"distribution ended  > BFM TV, Proximus"}},
		// A plural cue: one deal per counterparty, an owner set aside.
		{"The NBA announced agreements with Disney, Comcast's NBCUniversal and Amazon.", "en",
			[]string{"partnership agreed NBA > Disney", "partnership agreed NBA > NBCUniversal", "partnership agreed NBA > Amazon"}},
		{"Regulators approved the marriage between Vivendi and Lagardère.", "en", []string{"merger agreed  > Vivendi, Lagardère"}},
		// A company set up together.
		{"France Télévisions, TF1 et M6 vont créer une société à parts égales.", "fr",
			[]string{"partnership agreed France Télévisions, TF1, M6 > "}},
		// A service arriving on an operator's boxes is carried; control is
		// bought; rights are clinched.
		{"Netflix arrive sur les box de Bouygues Telecom en novembre.", "fr", []string{"distribution agreed Netflix > Bouygues Telecom"}},
		{"Vivendi prend le contrôle de Lagardère.", "fr", []string{"acquisition agreed Vivendi > Lagardère"}},
		{"Amazon has clinched the rights to Champions League matches from UEFA.", "en", []string{"licensing agreed Amazon > UEFA"}},
		// A work produced by one company for another.
		{"The drama is produced by Left Bank Pictures for Netflix.", "en", []string{"production agreed  > Left Bank Pictures, Netflix"}},
		// A price paid, companies combined, a majority holder, a service
		// added to an operator's offer (the cue's object inside its phrase).
		{"Spotify is paying $200 million for Gimlet Media.", "en", []string{"acquisition agreed Spotify > Gimlet Media"}},
		{"WarnerMedia and Discovery will combine to form a new company.", "en", []string{"merger agreed WarnerMedia, Discovery > "}},
		{"Canal+ devient actionnaire majoritaire de MultiChoice.", "fr", []string{"acquisition agreed Canal+ > MultiChoice"}},
		{"Free intègre Disney+ à son offre Freebox.", "fr", []string{"distribution agreed Free > Disney+"}},
		// A list of names after a dash belongs to the noun before it.
		{"Netflix has struck agreements with the leading ISPs – Orange, Free and SFR.", "en",
			[]string{"distribution agreed Netflix > Orange", "distribution agreed Netflix > Free", "distribution agreed Netflix > SFR"}},
		// A pair of names joined by a hyphen, before or after its cue.
		{"The Disney-Fox merger closed in March.", "en", []string{"merger agreed Disney, Fox > "}},
		{"Le rapprochement TF1-M6 a été abandonné.", "fr", []string{"merger ended TF1, M6 > "}},
		// Stakes in several companies: one investment each.
		{"PIF has also taken stakes in Nexon, Capcom and Koei Tecmo.", "en",
			[]string{"investment agreed PIF > Nexon", "investment agreed PIF > Capcom", "investment agreed PIF > Koei Tecmo"}},
		// An amount offered is a bid; a deal signed or approved is agreed,
		// whatever was said of it before.
		{"Comcast offered $31 billion for Sky, topping Fox's bid.", "en", []string{"acquisition talks Comcast > Sky"}},
		{"Microsoft's proposed acquisition of Activision Blizzard was approved by regulators.", "en",
			[]string{"acquisition agreed Microsoft > Activision Blizzard"}},
		{"Paramount and Skydance signed a merger agreement after months of talks.", "en", []string{"merger agreed Paramount, Skydance > "}},
		{"Canal+ s'offre OCS.", "fr", []string{"acquisition agreed Canal+ > OCS"}},
		// Control passed to a buyer.
		{"Prisma Media passe sous le contrôle de Vivendi.", "fr", []string{"acquisition agreed Prisma Media > Vivendi"}},
		// A work bought with its owner named is licensed.
		{`Netflix bought JTBC's "Man to Man" for $350,000 per episode.`, "en", []string{"licensing agreed Netflix > JTBC"}},
		{"Netflix bought JTBC's stake in the venture.", "en", []string{"investment agreed Netflix > JTBC"}},
		// People signed: a talent deal, and a person's overall deal too.
		{"Netflix has signed Shonda Rhimes to a multi-year overall deal.", "en", []string{"talent agreed Netflix > "}},
	}
	for _, tt := range tests {
		d := docThrough(t, tt.text, tt.lang, "deal drafts")
		if got := draftLines(d); !slices.Equal(got, tt.want) {
			t.Errorf("%q: drafts %q, want %q", tt.text, got, tt.want)
		}
		if d.census == nil {
			t.Errorf("%q: no cue census", tt.text)
		}
	}
}

func BenchmarkDealDrafter(b *testing.B) { benchComponent(b, dealDrafter{}) }
